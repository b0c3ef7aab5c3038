//! Writing a [`Person`] as an LRMX document and reading one back.
//!
//! Written: UTF-8 with its declaration, two-space indentation, every element present (empty ones
//! as `<X></X>`), text escaped by the XML writer and characters XML 1.0 cannot hold dropped.
//! Read: UTF-8 (with or without a byte-order mark), or the encoding the declaration or a BOM
//! names (GB18030/GBK/GB2312, UTF-16); only the predefined and numeric character references are
//! resolved — a document that declares its own entities is refused, so nothing is expanded.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::error::Invalid;
use crate::registry::lrmx::{FAMILY, FAMILY_AFTER, FAMILY_ITEM, Person, Relative};

/// Keeps only characters an XML 1.0 document may hold.
fn xml_safe(text: &str) -> Cow<'_, str> {
    let allowed =
        |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
    if text.chars().all(allowed) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|c| allowed(*c)).collect())
    }
}

type Out = Writer<Vec<u8>>;

fn element(w: &mut Out, name: &str, value: &str) -> std::io::Result<()> {
    w.create_element(name).write_text_content(BytesText::new(&xml_safe(value)))?;
    Ok(())
}

fn family(w: &mut Out, relatives: &[Relative]) -> std::io::Result<()> {
    w.create_element(FAMILY).write_inner_content(|w| {
        for relative in relatives {
            w.create_element(FAMILY_ITEM).write_inner_content(|w| {
                for (name, value) in relative.elements() {
                    element(w, name, value)?;
                }
                Ok(())
            })?;
        }
        Ok(())
    })?;
    Ok(())
}

/// The LRMX document of a person, UTF-8 encoded.
pub fn write(person: &Person) -> std::io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("Person").write_inner_content(|w| {
        for (name, value) in person.elements() {
            element(w, name, value)?;
            if name == FAMILY_AFTER {
                family(w, &person.family)?;
            }
        }
        Ok(())
    })?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

fn invalid(zh: impl Into<String>, en: impl Into<String>) -> Invalid {
    Invalid::one("file", zh, en)
}

/// Decodes the bytes by their BOM, else the declared encoding, else as UTF-8.
fn decode(bytes: &[u8]) -> Result<String, Invalid> {
    let (encoding, skip) = match encoding_rs::Encoding::for_bom(bytes) {
        Some((encoding, bom)) => (encoding, bom),
        None => {
            let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned();
            let label = head
                .split_once("?>")
                .map(|(decl, _)| decl)
                .and_then(|decl| decl.split_once("encoding=").map(|(_, rest)| rest.trim_start_matches(['"', '\''])))
                .and_then(|rest| rest.split(['"', '\'']).next())
                .unwrap_or("utf-8")
                .to_owned();
            let encoding = encoding_rs::Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
                invalid(format!("不支持的文件编码 “{label}”"), format!("unsupported encoding \"{label}\""))
            })?;
            (encoding, 0)
        }
    };
    encoding.decode_without_bom_handling_and_without_replacement(&bytes[skip..]).map(Cow::into_owned).ok_or_else(|| {
        invalid(
            format!("文件不是有效的 {} 文本", encoding.name()),
            format!("the file is not valid {} text", encoding.name()),
        )
    })
}

/// Where the reader stands.
enum At {
    Outside,
    Person,
    Scalar(String),
    Family,
    Item,
    ItemField(String),
    /// Inside an element we do not know, this many levels deep.
    Unknown(usize, Box<At>),
}

/// Reads an LRMX document. Unknown elements are skipped; a missing element reads as empty.
pub fn read(bytes: &[u8]) -> Result<Person, Invalid> {
    let text = decode(bytes)?;
    let mut reader = Reader::from_str(&text);
    let mut person = Person::default();
    let mut at = At::Outside;
    let mut buffer = String::new();
    let syntax = |e: &dyn std::fmt::Display, position: u64| {
        invalid(
            format!("LRMX 文件不是有效的 XML（位置 {position}）：{e}"),
            format!("the LRMX file is not valid XML (at {position}): {e}"),
        )
    };
    loop {
        let event = reader.read_event().map_err(|e| syntax(&e, reader.buffer_position()))?;
        at = match (at, event) {
            (_, Event::Eof) => break,
            (At::Unknown(depth, back), Event::Start(_)) => At::Unknown(depth + 1, back),
            (At::Unknown(1, back), Event::End(_)) => *back,
            (At::Unknown(depth, back), Event::End(_)) => At::Unknown(depth - 1, back),
            (At::Outside, Event::Start(e)) if e.local_name().as_ref() == "Person" => At::Person,
            (At::Outside, Event::Start(e) | Event::Empty(e)) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref().as_bytes()).into_owned();
                return Err(invalid(
                    format!("根元素应为 Person，收到 {name}"),
                    format!("the root element must be Person, not {name}"),
                ));
            }
            (At::Outside, Event::DocType(_)) => {
                return Err(invalid(
                    "LRMX 文件不能声明文档类型或实体",
                    "an LRMX file may not declare a document type or entities",
                ));
            }
            (At::Person, Event::Start(e)) if e.local_name().as_ref() == FAMILY => At::Family,
            (At::Person, Event::Start(e)) => {
                buffer.clear();
                let name = e.local_name().as_ref().to_owned();
                if person.slot(&name).is_some() { At::Scalar(name) } else { At::Unknown(1, Box::new(At::Person)) }
            }
            (At::Person, Event::Empty(e)) => {
                if let Some(slot) = person.slot(e.local_name().as_ref()) {
                    slot.clear();
                }
                At::Person
            }
            (At::Scalar(name), Event::End(_)) => {
                if let Some(slot) = person.slot(&name) {
                    *slot = buffer.trim().to_owned();
                }
                At::Person
            }
            (At::Family, Event::Start(e)) if e.local_name().as_ref() == FAMILY_ITEM => {
                person.family.push(Relative::default());
                At::Item
            }
            (At::Family, Event::End(_)) => At::Person,
            (At::Item, Event::Start(e)) => {
                buffer.clear();
                let name = e.local_name().as_ref().to_owned();
                if Relative::default().slot(&name).is_some() {
                    At::ItemField(name)
                } else {
                    At::Unknown(1, Box::new(At::Item))
                }
            }
            (At::Item, Event::End(_)) => At::Family,
            (At::ItemField(name), Event::End(_)) => {
                if let Some(slot) = person.family.last_mut().and_then(|r| r.slot(&name)) {
                    *slot = buffer.trim().to_owned();
                }
                At::Item
            }
            (at @ (At::Scalar(_) | At::ItemField(_)), Event::Text(t)) => {
                buffer.push_str(&t.xml10_content());
                at
            }
            (at @ (At::Scalar(_) | At::ItemField(_)), Event::CData(t)) => {
                buffer.push_str(&t.xml10_content());
                at
            }
            (at @ (At::Scalar(_) | At::ItemField(_)), Event::GeneralRef(r)) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    Ok(None) => match &*r {
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "amp" => Some('&'),
                        "apos" => Some('\''),
                        "quot" => Some('"'),
                        _ => None,
                    },
                    Err(_) => None,
                };
                let c = resolved.ok_or_else(|| syntax(&format!("&{};", &*r), reader.buffer_position()))?;
                buffer.push(c);
                at
            }
            (at @ (At::Scalar(_) | At::ItemField(_)), Event::Start(_)) => At::Unknown(1, Box::new(at)),
            (at, _) => at,
        };
    }
    Ok(person)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Person {
        Person {
            name: "张三丰".into(),
            resume: "1996.09--2000.07  山东大学 法学专业学习\n2000.08--         东营区<文汇>街道&科员".into(),
            reasons: "\"工作需要\" 'a'\u{1}".into(),
            family: vec![Relative {
                relation: "配偶".into(),
                name: "李梅".into(),
                birth_month: "198003".into(),
                ..Relative::default()
            }],
            version: crate::registry::lrmx::FORMAT_VERSION.into(),
            ..Person::default()
        }
    }

    #[test]
    fn a_written_document_reads_back_as_the_same_person_with_markup_escaped() {
        let bytes = write(&sample()).unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(
            text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Person>\n  <XingMing>张三丰</XingMing>")
        );
        assert!(text.contains("东营区&lt;文汇&gt;街道&amp;科员"));
        assert!(text.contains("<NiRenZhiWu></NiRenZhiWu>"));
        assert!(text.contains("<RenMianLiYou>") && text.find("<JiaTingChengYuan>") > text.find("<RenMianLiYou>"));
        let mut expected = sample();
        expected.reasons = "\"工作需要\" 'a'".into();
        assert_eq!(read(&bytes).unwrap(), expected);
    }

    #[test]
    fn other_writers_layouts_are_read_with_unknown_elements_skipped() {
        let xml = "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Person>\n  <XingMing> 李四 </XingMing>\n  \
                   <NianLing>46</NianLing><Extra><Deep>x</Deep></Extra>\n  <NiRenZhiWu>\n  </NiRenZhiWu><TianBiaoRen/>\
                   <JiaTingChengYuan><Item><ChengWei>妻子</ChengWei><Note>n</Note><XingMing>王&#x4E94;</XingMing></Item>\
                   </JiaTingChengYuan><JianLi><![CDATA[2000.08--  <科员>]]></JianLi></Person>";
        let person = read(xml.as_bytes()).unwrap();
        assert_eq!((person.name.as_str(), person.proposed_post.as_str()), ("李四", ""));
        assert_eq!((person.family[0].relation.as_str(), person.family[0].name.as_str()), ("妻子", "王五"));
        assert_eq!(person.resume, "2000.08--  <科员>");
    }

    #[test]
    fn a_gb18030_document_is_decoded_by_its_declaration() {
        let xml = "<?xml version=\"1.0\" encoding=\"gb2312\"?><Person><XingMing>张三</XingMing></Person>";
        let (bytes, _, _) = encoding_rs::GBK.encode(xml);
        assert_eq!(read(&bytes).unwrap().name, "张三");
    }

    #[test]
    fn broken_xml_a_wrong_root_and_declared_entities_are_refused() {
        for bad in [
            "<Person><XingMing>a</XingBie></Person>",
            "<Cadre><XingMing>a</XingMing></Cadre>",
            "<!DOCTYPE Person [<!ENTITY x \"boom\">]><Person><XingMing>&x;</XingMing></Person>",
            "<Person><XingMing>&x;</XingMing></Person>",
        ] {
            let err = read(bad.as_bytes()).unwrap_err();
            assert_eq!(err.fields[0].field, "file", "{bad}");
        }
    }
}
