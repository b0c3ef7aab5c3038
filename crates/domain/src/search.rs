//! Name search that works for one- and two-character queries (张三 finds 张三丰) on both databases:
//! every name is indexed by its single characters and its adjacent pairs, and a query is
//! answered by the rarest of its own tokens, then checked against the name itself.

/// The index tokens of a name: each character and each adjacent pair, deduplicated.
pub fn name_tokens(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
    let mut tokens: Vec<String> = chars.iter().map(|c| c.to_string()).collect();
    tokens.extend(chars.windows(2).map(|w| w.iter().collect::<String>()));
    tokens.sort();
    tokens.dedup();
    tokens
}

/// The tokens a query must all match: its pairs, or its one character.
pub fn query_tokens(query: &str) -> Vec<String> {
    let chars: Vec<char> = query.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
    match chars.len() {
        0 => Vec::new(),
        1 => vec![chars[0].to_string()],
        _ => {
            let mut pairs: Vec<String> = chars.windows(2).map(|w| w.iter().collect()).collect();
            pairs.dedup();
            pairs
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_two_character_query_is_a_token_of_a_longer_name() {
        let tokens = name_tokens("张三丰");
        for q in query_tokens("张三") {
            assert!(tokens.contains(&q));
        }
        assert!(tokens.contains(&"丰".to_string()));
    }

    #[test]
    fn a_one_character_query_matches_any_position() {
        assert_eq!(query_tokens("三"), ["三"]);
        assert!(name_tokens("欧阳修远").contains(&"修".to_string()));
    }

    #[test]
    fn tokens_of_a_latin_name_ignore_case_and_spaces() {
        let tokens = name_tokens("Ma Li");
        assert!(tokens.contains(&"ma".to_string()) && tokens.contains(&"al".to_string()));
        assert_eq!(query_tokens(" "), Vec::<String>::new());
    }
}
