# -*- coding: utf-8 -*-
"""Builds the *.lrmx files next to it, each file shaped like one public LRMX writer.
All people are fictional. Byte-level details (declaration, indentation, line endings,
escaping, element order, omitted/empty elements) follow the cited generator's code."""
import base64, os

OUT = os.path.dirname(os.path.abspath(__file__))
# valid 8x8 grey baseline JPEG (327 bytes, standard Huffman tables; decodes with libjpeg-turbo djpeg)
PHOTO = ('/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBD/wAALCAAIAAgBAREA/8QA0gAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoLEAACAQMDAgQDBQUEBAAAAX0BAgMABBEFEiExQQYTUWEHInEUMoGRoQgjQrHBFVLR8CQzYnKCCQoWFxgZGiUmJygpKjQ1Njc4OTpDREVGR0hJSlNUVVZXWFlaY2RlZmdoaWpzdHV2d3h5eoOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4eLj5OXm5+jp6vHy8/T19vf4+fr/2gAIAQEAAD8AK//Z')
assert base64.b64decode(PHOTO)[:2] == b'\xff\xd8'

def write(name, data: bytes):
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(data)

# ---------------------------------------------------------------------------------------
# 1. xvchaoqun/owip — src/main/resources/xml/adform/rm.xml filled by
#    CadreAdformService.zzb(): dom4j SAXReader -> setText -> XMLWriter(new OutputFormat(),
#    encoding UTF-8). Template whitespace between elements is preserved (no pretty print);
#    every setNodeText() replaces the template's whitespace-only text with trimToEmpty(value);
#    family Items are appended (unindented) after the commented-out sample Item.
#    JianLi/JiangCheng go through html2Paragraphs(): first whitespace run -> 2 spaces,
#    '—' -> '--', open end -> 9 spaces, every paragraph + "\r\n".
# ---------------------------------------------------------------------------------------
def owip_process(text):
    # CadreAdformService.process()
    texts = text.split('） （')
    if len(texts) == 2:
        text = texts[0] + '）\r\n（' + texts[1]
    blank = ''
    if text.strip().split(' ')[0].strip().endswith('—'):
        blank = '       '
    import re
    text = re.sub(r'[ |\s]+', blank + '  ', text, count=1).replace('—', '--')
    return text

def owip_paras(paras):
    return ''.join(owip_process(p.strip()) + '\r\n' for p in paras)

def esc(s):  # dom4j default text escaping
    return s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')

owip_resume = [
    '2000.09—2004.07 中国石油大学（华东）地球科学与技术学院城市规划专业学习',
    '2004.07—2011.08 东营职业学院石油与化学工程系教师',
    '2011.08—2016.05 东营职业学院科技处副处长（其间：2011.09—2014.07 中共山东省委党校经济管理专业在职研究生学习）',
    '2016.05— 东营职业学院石油工程学院院长',
]
owip_reward = [
    '2019年12月，荣获“优秀共产党员”，中共东营职业学院委员会；',
    '2022年06月，荣获“山东省职业教育教学成果奖二等奖”(排名第2)，山东省教育厅。',
]
owip_family = [
    ('妻子', '郑晓燕', '198403', '中共党员', '东营区文汇街道中心学校教师'),
    ('儿子', '王子墨', '201009', '共青团员', '东营市胜利第二中学学生'),
    ('女儿', '王子涵', '201506', '群众', '东营区实验小学学生'),
    ('父亲', '王建民', '195502', '中共党员', '广饶县稻庄镇退休干部'),
    ('母亲', '李桂兰', '195708', '群众', '广饶县稻庄镇居民'),
    ('岳父', '郑国强', '195611', '群众', '已去世'),
]
v = {
    'XingMing': '王立峰', 'XingBie': '男', 'ChuShengNianYue': '198205', 'MinZu': '汉族',
    'JiGuan': '山东广饶', 'ChuShengDi': '山东东营', 'RuDangShiJian': '200406',
    'CanJiaGongZuoShiJian': '200407', 'JianKangZhuangKuang': '健康',
    'ZhuanYeJiShuZhiWu': '高级工程师', 'ShuXiZhuanYeYouHeZhuanChang': '城乡规划管理',
    'QuanRiZhiJiaoYu_XueLi': '大学', 'QuanRiZhiJiaoYu_XueWei': '工学学士',
    'QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi': '中国石油大学（华东）地球科学与技术学院',
    'QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi': '城市规划专业',
    'ZaiZhiJiaoYu_XueLi': '研究生', 'ZaiZhiJiaoYu_XueWei': '管理学硕士',
    'ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi': '中共山东省委党校',
    'ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi': '经济管理专业',
    'XianRenZhiWu': '东营职业学院石油工程学院院长', 'NiRenZhiWu': '', 'NiMianZhiWu': '',
    'JianLi': owip_paras(owip_resume), 'JiangChengQingKuang': owip_paras(owip_reward),
    'NianDuKaoHeJieGuo': '2021年：称职；2022年：称职；2023年：优秀', 'RenMianLiYou': '',
    'ChengBaoDanWei': '', 'JiSuanNianLingShiJian': '20240315', 'TianBiaoShiJian': '',
    'TianBiaoRen': '赵敏', 'ShenFenZheng': '370502198205143014', 'ZhaoPian': PHOTO,
}
items = ''.join(
    '<Item><ChengWei>%s</ChengWei><XingMing>%s</XingMing><ChuShengRiQi>%s</ChuShengRiQi>'
    '<ZhengZhiMianMao>%s</ZhengZhiMianMao><GongZuoDanWeiJiZhiWu>%s</GongZuoDanWeiJiZhiWu></Item>'
    % tuple(esc(x) for x in f) for f in owip_family)
E = lambda k: esc(v[k])
owip = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<Person>\n'
    + ''.join('  <%s>%s</%s>\n' % (k, E(k), k) for k in [
        'XingMing', 'XingBie', 'ChuShengNianYue', 'MinZu', 'JiGuan', 'ChuShengDi', 'RuDangShiJian',
        'CanJiaGongZuoShiJian', 'JianKangZhuangKuang', 'ZhuanYeJiShuZhiWu', 'ShuXiZhuanYeYouHeZhuanChang',
        'QuanRiZhiJiaoYu_XueLi', 'QuanRiZhiJiaoYu_XueWei', 'QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi',
        'QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi', 'ZaiZhiJiaoYu_XueLi', 'ZaiZhiJiaoYu_XueWei',
        'ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi', 'ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi', 'XianRenZhiWu',
        'NiRenZhiWu', 'NiMianZhiWu', 'JianLi', 'JiangChengQingKuang', 'NianDuKaoHeJieGuo', 'RenMianLiYou'])
    + '  <JiaTingChengYuan>\n'
      '    <!--<Item>\n'
      '      <ChengWei></ChengWei>\n'
      '      <XingMing></XingMing>\n'
      '      <ChuShengRiQi>\n'
      '      </ChuShengRiQi>\n'
      '      <ZhengZhiMianMao></ZhengZhiMianMao>\n'
      '      <GongZuoDanWeiJiZhiWu></GongZuoDanWeiJiZhiWu>\n'
      '    </Item>-->\n'
      '  ' + items + '</JiaTingChengYuan>\n'
    + ''.join('  <%s>%s</%s>\n' % (k, E(k), k) for k in [
        'ChengBaoDanWei', 'JiSuanNianLingShiJian', 'TianBiaoShiJian', 'TianBiaoRen', 'ShenFenZheng', 'ZhaoPian'])
    + '  <Version>3.2.1.6</Version>\n'
    '</Person>'
)
write('01_owip_wang-lifeng.lrmx', owip.encode('utf-8'))

# ---------------------------------------------------------------------------------------
# 2. Django test-case generator (repo not resolvable through the index; file id 37101239001):
#    str.format() into a literal template, open(path,'w',encoding='utf-8') on Windows
#    -> every '\n' becomes CRLF; no XML escaping at all; Version 3.2.1.16.
# ---------------------------------------------------------------------------------------
dj_resume = '\n'.join([
    '2004.09--2008.07  聊城大学汉语言文学专业学习',
    '2008.08--2016.05  东营区实验中学教师',
    '（其间：2011.09--2014.07  山东师范大学学科教学（语文）专业硕士研究生学习）',
    '2016.05--         东营区实验中学语文教研组组长',
])
dj_honor = ('2019年12月，经东营区委批准，授予优秀共产党员称号；'
            '2021年09月，经东营区教育和体育局批准，授予优秀班主任称号；'
            '2023年09月，经东营市教育局批准，授予东营市优秀教师称号。')
dj_assess = '2021年年度考核合格;2022年年度考核优秀;2023年年度考核合格。'
dj_item = ('<Item>\n'
           '              <ChengWei>{}</ChengWei>\n'
           '              <XingMing>{}</XingMing>\n'
           '              <ChuShengRiQi>{}</ChuShengRiQi>\n'
           '              <ZhengZhiMianMao>{}</ZhengZhiMianMao>\n'
           '              <GongZuoDanWeiJiZhiWu>{}</GongZuoDanWeiJiZhiWu>\n'
           '            </Item>\n'
           '        ')
dj_family = [
    ('丈夫', '高文博', '198403', '中共党员', '东营区住房和城乡建设局科员'),
    ('儿子', '高子轩', '201204', '群众', '东营区实验小学学生'),
    ('女儿', '高语桐', '201807', '群众', '东营区居民'),          # generator: len(unit+position)<=4 -> '<city>居民'
    ('父亲', '张德胜', '195906', '群众', '利津县北宋镇农民'),
    ('母亲', '刘玉芹', '196112', '群众', '利津县北宋镇农民'),
]
dj_members = ''.join(dj_item.format(*m) for m in dj_family)
dj = '''<?xml version="1.0" encoding="utf-8"?>
<Person>
  <XingMing>张秀梅</XingMing>
  <XingBie>女</XingBie>
  <ChuShengNianYue>198511</ChuShengNianYue>
  <MinZu>汉族</MinZu>
  <JiGuan>山东利津</JiGuan>
  <ChuShengDi>山东东营</ChuShengDi>
  <RuDangShiJian>200806</RuDangShiJian>
  <CanJiaGongZuoShiJian>200808</CanJiaGongZuoShiJian>
  <JianKangZhuangKuang>健康</JianKangZhuangKuang>
  <ZhuanYeJiShuZhiWu>中学一级教师</ZhuanYeJiShuZhiWu>
  <ShuXiZhuanYeYouHeZhuanChang></ShuXiZhuanYeYouHeZhuanChang>
  <QuanRiZhiJiaoYu_XueLi>大学</QuanRiZhiJiaoYu_XueLi>
  <QuanRiZhiJiaoYu_XueWei>文学学士</QuanRiZhiJiaoYu_XueWei>
  <QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi>聊城大学汉语言文学</QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi>
  <QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi>
  </QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi>
  <ZaiZhiJiaoYu_XueLi>研究生</ZaiZhiJiaoYu_XueLi>
  <ZaiZhiJiaoYu_XueWei>教育硕士</ZaiZhiJiaoYu_XueWei>
  <ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi>山东师范大学学科教学（语文）</ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi>
  <ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi>
  </ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi>
  <XianRenZhiWu>{现任职务}</XianRenZhiWu>
  <NiRenZhiWu>
  </NiRenZhiWu>
  <NiMianZhiWu>
  </NiMianZhiWu>
  <JianLi>{简历}</JianLi>
  <JiangChengQingKuang>{奖惩情况}</JiangChengQingKuang>
  <NianDuKaoHeJieGuo>{年度考核结果}</NianDuKaoHeJieGuo>
  <RenMianLiYou>
  </RenMianLiYou>
  <JiaTingChengYuan>
    {家庭成员}
  </JiaTingChengYuan>
  <ChengBaoDanWei>东营区实验中学</ChengBaoDanWei>
  <JiSuanNianLingShiJian>20240312</JiSuanNianLingShiJian>
  <TianBiaoShiJian>20240312</TianBiaoShiJian>
  <TianBiaoRen>
  </TianBiaoRen>
  <ShenFenZheng>{身份证}</ShenFenZheng>
  <ZhaoPian>{照片}</ZhaoPian>
  <Version>3.2.1.16</Version>
</Person>
'''.format(现任职务='东营区实验中学语文教研组组长', 简历=dj_resume, 奖惩情况=dj_honor,
           年度考核结果=dj_assess, 家庭成员=dj_members, 身份证='370523198511232623', 照片=PHOTO)
write('02_django-template_zhang-xiumei.lrmx', dj.replace('\n', '\r\n').encode('utf-8'))

# ---------------------------------------------------------------------------------------
# 3. xiaoxinyi1037700927/ops-cimp — ExportServiceImpl.createXMLByDOM4J():
#    dom4j OutputFormat.createPrettyPrint(), encoding "utf-8", indent 2, trimText(false),
#    setEscapeText(false); element list from application.properties exportXMLElements.
#    JianLi entries end with System line.separator (CRLF on the Windows server);
#    cross-period note starts with "\n" + 18 spaces + "(".
# ---------------------------------------------------------------------------------------
S18 = ' ' * 18
ops_resume = ''.join([
    '1993.09--1997.07' + '  ' + '山东经济学院财政学专业学习' + '\r\n',
    '1997.07--2003.03' + '  ' + '东营区财政局科员' + '\r\n',
    '2003.03--2008.11' + '  ' + '东营区财政局预算科副科长、科长'
    '（其间：2005.09--2008.07中共山东省委党校在职研究生班经济管理专业学习)' + '\r\n',
    '2008.11--2016.05' + '  ' + '东营区发展和改革局副局长' + '\r\n',
    '2016.05--' + ' ' * 9 + '东营区发展和改革局党组书记、局长'
    '\n' + S18 + '(2016.03--2016.07在中共东营市委党校第12期中青年干部培训班学习)' + '\r\n',
])
ops_honor = '2012年3月，被东营区人民政府记三等功；\n2019年12月，被中共东营区委授予优秀共产党员称号'
ops_eval = '2021年度考核称职、2022年度考核称职、2023年度考核优秀'
ops_family = [
    ('妻子', '马丽娟', '19770214', '中共党员', '东营区人民医院主管护师'),
    ('儿子', '刘宇航', '20011030', '共青团员', '中国海洋大学学生'),
    ('父亲', '刘长河', '19490305', '中共党员', '垦利区垦利街道退休职工'),
    ('母亲', '孙秀英', '19510909', '群众', '已去世'),
    ('岳父', '马全福', '19480117', '群众', '垦利区胜坨镇农民'),
    ('岳母', '韩玉珍', '19500623', '群众', '垦利区胜坨镇农民'),
]
ops_vals = {
    'XingMing': '刘建国', 'XingBie': '男', 'ChuShengNianYue': '197508', 'MinZu': '汉族',
    'JiGuan': '山东垦利', 'ChuShengDi': '山东垦利', 'RuDangShiJian': '1998.06',
    'CanJiaGongZuoShiJian': '1997.07', 'JianKangZhuangKuang': '健康',
    'ZhuanYeJiShuZhiWu': '高级经济师', 'ShuXiZhuanYeYouHeZhuanChang': '经济管理',
    'QuanRiZhiJiaoYu_XueLi': '大学', 'QuanRiZhiJiaoYu_XueWei': '经济学学士',
    'QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi': '山东经济学院财政学专业',
    'QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi': '',
    'ZaiZhiJiaoYu_XueLi': '研究生', 'ZaiZhiJiaoYu_XueWei': '',
    'ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi': '中共山东省委党校经济管理专业',
    'ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi': '',
    'XianRenZhiWu': '东营区发展和改革局党组书记、局长', 'NiRenZhiWu': '', 'NiMianZhiWu': '',
    'JianLi': ops_resume, 'JiangChengQingKuang': ops_honor, 'NianDuKaoHeJieGuo': ops_eval,
    'RenMianLiYou': '', 'ChengBaoDanWei': '', 'JiSuanNianLingShiJian': '20240318',
    'TianBiaoShiJian': '', 'TianBiaoRen': '', 'ShenFenZheng': '', 'ZhaoPian': PHOTO,
    'Version': '3.2.1.6',
}
order = ('XingMing,XingBie,ChuShengNianYue,MinZu,JiGuan,ChuShengDi,RuDangShiJian,CanJiaGongZuoShiJian,'
         'JianKangZhuangKuang,ZhuanYeJiShuZhiWu,ShuXiZhuanYeYouHeZhuanChang,QuanRiZhiJiaoYu_XueLi,'
         'QuanRiZhiJiaoYu_XueWei,QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi,QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi,'
         'ZaiZhiJiaoYu_XueLi,ZaiZhiJiaoYu_XueWei,ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi,'
         'ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi,XianRenZhiWu,NiRenZhiWu,NiMianZhiWu,JianLi,JiangChengQingKuang,'
         'NianDuKaoHeJieGuo,RenMianLiYou,JiaTingChengYuan,ChengBaoDanWei,JiSuanNianLingShiJian,'
         'TianBiaoShiJian,TianBiaoRen,ShenFenZheng,ZhaoPian,Version').split(',')
lines = ['<?xml version="1.0" encoding="utf-8"?>', '', '<Person>']
for k in order:
    if k == 'JiaTingChengYuan':
        lines.append('  <JiaTingChengYuan>')
        for f in ops_family:
            lines.append('    <Item>')
            for tag, val in zip(['ChengWei', 'XingMing', 'ChuShengRiQi', 'ZhengZhiMianMao', 'GongZuoDanWeiJiZhiWu'], f):
                lines.append('      <%s>%s</%s>' % (tag, val, tag))
            lines.append('    </Item>')
        lines.append('  </JiaTingChengYuan>')
    else:
        lines.append('  <%s>%s</%s>' % (k, ops_vals[k], k))   # setEscapeText(false): raw text
lines.append('</Person>')
write('03_ops-cimp_liu-jianguo.lrmx', ('\n'.join(lines) + '\n').encode('utf-8'))

# ---------------------------------------------------------------------------------------
# 4. HuangHL92/ZHGBSYS — PersonXml (JAXB, XmlAccessType.FIELD) marshalled by
#    JXUtil.Object2Xml(per, true): JAXB_FORMATTED_OUTPUT, UTF-8, standalone="yes",
#    custom CharacterEscapeHandler = commons-lang 2 StringEscapeUtils.escapeXml(unescapeXml(s))
#    -> every char > 0x7F becomes &#NNNNN;. null fields are omitted; no <Version>.
# ---------------------------------------------------------------------------------------
def cl2_escape(s):
    out = []
    for c in s:
        if c == '"': out.append('&quot;')
        elif c == '&': out.append('&amp;')
        elif c == '<': out.append('&lt;')
        elif c == '>': out.append('&gt;')
        elif c == "'": out.append('&apos;')
        elif ord(c) > 0x7F: out.append('&#%d;' % ord(c))
        else: out.append(c)
    return ''.join(out)

zh_resume = '\n'.join([
    '2006.09--2010.07  山东财经大学工商管理专业学习',
    '2010.07--2013.12  东营区龙居镇人民政府科员',
    '2013.12--2017.03  东营区龙居镇党政办公室副主任、主任',
    S18 + '（其间：2014.09--2016.12中国石油大学（华东）公共管理专业在职研究生学习）',
    '2017.03--2021.06  东营区龙居镇党委委员、副镇长',
    S18 + '（其间：2019.03--2021.06兼任东营区龙居镇乡村振兴服务中心主任）',
    '2021.06--         东营区龙居镇党委副书记、镇长',
])
zh_fields = [  # (tag, value) in PersonXml field order; None = null -> element omitted by JAXB
    ('XingMing', '陈静'), ('XingBie', '女'), ('ChuShengNianYue', '198802'), ('MinZu', '汉族'),
    ('JiGuan', '山东东营'), ('ChuShengDi', '山东东营'), ('RuDangShiJian', '2009.06'),
    ('CanJiaGongZuoShiJian', '201007'), ('JianKangZhuangKuang', '健康'),
    ('ZhuanYeJiShuZhiWu', '经济师'), ('ShuXiZhuanYeYouHeZhuanChang', None),
    ('QuanRiZhiJiaoYu_XueLi', '大学'), ('QuanRiZhiJiaoYu_XueWei', '管理学学士'),
    ('QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi', '山东财经大学工商管理专业'),
    ('QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi', ''),       # equal to XueLi school -> set to ""
    ('ZaiZhiJiaoYu_XueLi', '研究生'), ('ZaiZhiJiaoYu_XueWei', None),
    ('ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi', '中国石油大学（华东）公共管理专业'),
    ('ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi', None),
    ('XianRenZhiWu', '东营区龙居镇党委副书记、镇长'),
    ('NiRenZhiWu', None), ('NiMianZhiWu', None),
    ('JianLi', zh_resume), ('JiangChengQingKuang', '(无)'),
    ('NianDuKaoHeJieGuo', '2021年年度考核为称职，2022年、2023年年度考核均为优秀。'),
    ('RenMianLiYou', None), ('ChengBaoDanWei', None), ('JiSuanNianLingShiJian', None),
    ('TianBiaoShiJian', None),
    ('TianBiaoRen', '中共东营区委组织部'),               # quirk: code puts a01.getCbdw() (呈报单位) here
    ('ShenFenZheng', '370502198802152429'),
]
zh_family = [
    [('ChengWei', '丈夫'), ('XingMing', '许志强'), ('ChuShengRiQi', '198609'), ('ZhengZhiMianMao', '中共党员'),
     ('GongZuoDanWeiJiZhiWu', '东营市公安局东营分局民警')],
    [('ChengWei', '女儿'), ('XingMing', '许可欣'), ('ChuShengRiQi', '201503'), ('ZhengZhiMianMao', '群众'),
     ('GongZuoDanWeiJiZhiWu', None)],
    [('ChengWei', '父亲'), ('XingMing', '陈广福'), ('ChuShengRiQi', '196004'), ('ZhengZhiMianMao', '中共党员'),
     ('GongZuoDanWeiJiZhiWu', '东营区牛庄镇退休干部')],
    [('ChengWei', '母亲'), ('XingMing', '王春燕'), ('ChuShengRiQi', '196208'), ('ZhengZhiMianMao', ''),
     ('GongZuoDanWeiJiZhiWu', '东营区牛庄镇居民')],
    [('ChengWei', '公公'), ('XingMing', '许长林'), ('ChuShengRiQi', '195807'), ('ZhengZhiMianMao', '群众'),
     ('GongZuoDanWeiJiZhiWu', '已去世')],
    [('ChengWei', '婆婆'), ('XingMing', '赵美华'), ('ChuShengRiQi', '196001'), ('ZhengZhiMianMao', '群众'),
     ('GongZuoDanWeiJiZhiWu', '河口区河口街道居民')],
]
out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', '<Person>']
for tag, val in zh_fields:
    if val is not None:
        out.append('    <%s>%s</%s>' % (tag, cl2_escape(val), tag))
out.append('    <JiaTingChengYuan>')
for item in zh_family:
    out.append('        <Item>')
    for tag, val in item:
        if val is not None:
            out.append('            <%s>%s</%s>' % (tag, cl2_escape(val), tag))
    out.append('        </Item>')
out.append('    </JiaTingChengYuan>')
out.append('    <ZhaoPian>%s</ZhaoPian>' % PHOTO)
out.append('</Person>')
write('04_zhgbsys-jaxb_chen-jing.lrmx', ('\n'.join(out) + '\n').encode('utf-8'))

# ---------------------------------------------------------------------------------------
# 5. Nemo2898/ProfileEditor (RMeditor) — src/main/ipc/xml.ts saveLrmx(): fast-xml-parser
#    XMLBuilder {format:true, indentBy:'  ', suppressEmptyNode:false}, declaration
#    version 1.0 / encoding utf-8, '\n' appended; field set/order = templates/blank.xml;
#    JiaTingChengYuan always padded to 10 Items; dates YYYY.MM.DD / YYYY.MM (validators.ts).
# ---------------------------------------------------------------------------------------
pe_resume = '\n'.join([
    '1998.09--2002.07  中国石油大学（华东）石油工程专业学习',
    '2002.07--2008.03  胜利油田东辛采油厂技术员、助理工程师',
    '2008.03--2016.05  东营区安全生产监督管理局科员、副科长、科长',
    S18 + '（其间：2011.09--2014.07中共山东省委党校经济管理专业在职研究生学习）',
    S18 + '（其间：2013.03--2015.06兼任东营区安全生产执法大队副大队长）',
    '2016.05--  东营区应急管理局党组成员、副局长',
])
pe_reward = ('2019年12月，经东营区委批准，授予优秀共产党员称号。\n'
             '2022年1月，经东营区委、区政府批准，记三等功。')
pe_person = [
    ('XingMing', '孙海涛'), ('XingBie', '男'), ('ChuShengNianYue', '1979.10.23'), ('MinZu', '汉族'),
    ('JiGuan', '山东东营'), ('ChuShengDi', '山东东营'), ('RuDangShiJian', '2001.06'),
    ('CanJiaGongZuoShiJian', '2002.07'), ('JianKangZhuangKuang', '健康'),
    ('ZhuanYeJiShuZhiWu', '高级工程师'), ('ShuXiZhuanYeYouHeZhuanChang', '安全生产监管、应急管理'),
    ('QuanRiZhiJiaoYu_XueLi', '大学'), ('QuanRiZhiJiaoYu_XueWei', '工学学士'),
    ('QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi', '中国石油大学（华东）石油工程专业'),
    ('QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi', ''),
    ('ZaiZhiJiaoYu_XueLi', '研究生'), ('ZaiZhiJiaoYu_XueWei', '管理学硕士'),
    ('ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi', '中共山东省委党校经济管理专业'),
    ('ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi', ''),
    ('XianRenZhiWu', '东营区应急管理局党组成员、副局长'),
    ('NiRenZhiWu', '东营区应急管理局党组书记、局长'), ('NiMianZhiWu', '东营区应急管理局党组成员、副局长'),
    ('JianLi', pe_resume), ('JiangChengQingKuang', pe_reward),
    ('NianDuKaoHeJieGuo', '2021年、2022年年度考核均为称职，2023年年度考核为优秀。'),
    ('RenMianLiYou', '工作需要'),
]
pe_family = [
    ('妻子', '杨雪', '1981.04.18', '中共党员', '东营区胜利街道办事处科员'),
    ('儿子', '孙浩然', '2006.09.02', '共青团员', '山东大学学生'),
    ('女儿', '孙雨菲', '2013.05.27', '少先队员', '东营区实验小学学生'),
    ('父亲', '孙立本', '1952.12.08', '中共党员', '胜利油田退休职工'),
    ('母亲', '周桂芳', '1955.03.30', '群众', '胜利油田退休职工'),
] + [('', '', '', '', '')] * 5
pe_tail = [
    ('ChengBaoDanWei', '中共东营区委组织部'), ('JiSuanNianLingShiJian', '2024.03'),
    ('TianBiaoShiJian', '2024.03.15'), ('TianBiaoRen', '周婷'), ('ShenFenZheng', '370502197910233010'),
    ('ZhaoPian', ''), ('Version', '3.2.1.16'),
]
def xb(s):  # fast-xml-parser builder default entity processing
    return s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;').replace("'", '&apos;').replace('"', '&quot;')
o = ['<?xml version="1.0" encoding="utf-8"?>', '<Person>']
for k, val in pe_person:
    o.append('  <%s>%s</%s>' % (k, xb(val), k))
o.append('  <JiaTingChengYuan>')
for f in pe_family:
    o.append('    <Item>')
    for tag, val in zip(['ChengWei', 'XingMing', 'ChuShengRiQi', 'ZhengZhiMianMao', 'GongZuoDanWeiJiZhiWu'], f):
        o.append('      <%s>%s</%s>' % (tag, xb(val), tag))
    o.append('    </Item>')
o.append('  </JiaTingChengYuan>')
for k, val in pe_tail:
    o.append('  <%s>%s</%s>' % (k, xb(val), k))
o.append('</Person>')
write('05_profileeditor_sun-haitao.lrmx', ('\n'.join(o) + '\n').encode('utf-8'))

# ---------------------------------------------------------------------------------------
# 6. makui1/rmb_helper — a 3.2.1.16 file re-saved by compat_processor.process_file():
#    LrmxFile.set() appends missing GaiGeQianRenZhiNianLingJieXian / DaoLingNianYue at the
#    END (after Version); LrmxFile.save(): ET.indent(space='    ') + tree.write(encoding='UTF-8',
#    xml_declaration=True) -> single-quoted declaration, empty leaves as <Tag />,
#    whitespace-only leaf text left untouched, LF line ends, no trailing newline.
# ---------------------------------------------------------------------------------------
import xml.etree.ElementTree as ET

def calc_daolingnianyue(birth_ym, limit_str):   # copied logic: compat_processor.calc_daolignianue
    base = {'改革前任职年龄界限为60岁': 60, '改革前任职年龄界限为55岁': 55}.get(limit_str)
    if base is None:
        return ''
    rules = {60: (4, 36), 55: (4, 36), 50: (2, 60)}
    by, bm = int(birth_ym[:4]), int(birth_ym[4:6])
    ry, rm = by + base, bm
    n = (ry - 2025) * 12 + rm
    interval, maxd = rules[base]
    delay = min(maxd, (n - 1) // interval + 1) if n >= 1 else 0
    total = ry * 12 + rm + delay
    return '%04d%02d' % ((total - 1) // 12, (total - 1) % 12 + 1)

rb_resume = '\n'.join([
    '2008.09--2012.07  山东大学行政管理专业学习',
    '2012.07--2013.07  东营区辛店街道西范社区大学生村官',
    '2013.07--2016.05  东营区辛店街道办事处科员',
    '2016.05--2020.09  东营区民政局科员、社会事务科副科长',
    S18 + '（其间：2017.09--2020.06中国海洋大学公共管理专业在职研究生学习；'
          '2018.03--2020.09兼任东营区社会救助服务中心副主任）',
    '2020.09--         东营区民政局社会事务科科长',
])
# the "original" official-tool-like document, as rmb_helper would have parsed it
orig = [
    ('XingMing', '李娜'), ('XingBie', '女'), ('ChuShengNianYue', '199007'), ('MinZu', '汉族'),
    ('JiGuan', '山东东营'), ('ChuShengDi', '山东东营'), ('RuDangShiJian', '201206'),
    ('CanJiaGongZuoShiJian', '201207'), ('JianKangZhuangKuang', '健康'),
    ('ZhuanYeJiShuZhiWu', '经济师（中级）'), ('ShuXiZhuanYeYouHeZhuanChang', '社会救助与基层治理'),
    ('QuanRiZhiJiaoYu_XueLi', '大学'), ('QuanRiZhiJiaoYu_XueWei', '管理学学士'),
    ('QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi', '山东大学行政管理专业'),
    ('QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi', None),
    ('ZaiZhiJiaoYu_XueLi', '研究生'), ('ZaiZhiJiaoYu_XueWei', '公共管理硕士'),
    ('ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi', '中国海洋大学公共管理专业'),
    ('ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi', None),
    ('XianRenZhiWu', '东营区民政局社会事务科科长'), ('NiRenZhiWu', None), ('NiMianZhiWu', None),
    ('JianLi', rb_resume),
    ('JiangChengQingKuang', '2020年12月，经东营区委、区政府批准，授予东营区脱贫攻坚先进个人称号；\n'
                            '2022年6月，经中共东营区委批准，授予东营区优秀共产党员称号。'),
    ('NianDuKaoHeJieGuo', '2021年年度考核为称职，2022年年度考核为优秀，2023年年度考核为称职。'),
    ('RenMianLiYou', '\n  '),                          # whitespace-only text survives ET.indent
    ('JiaTingChengYuan', None),
    ('ChengBaoDanWei', '东营区民政局'), ('JiSuanNianLingShiJian', '20240320'),
    ('TianBiaoShiJian', '202403'), ('TianBiaoRen', '孙晓'), ('ShenFenZheng', '370502199007122444'),
    ('ZhaoPian', PHOTO), ('Version', '3.2.1.16'),
]
rb_family = [
    ('丈夫', '吴浩', '198811', '中共党员', '东营区财政局科员'),
    ('儿子', '吴思远', '201703', '群众', '东营区第一中学附属小学学生'),
    ('父亲', '李振华', '196302', '中共党员', '东营区辛店街道退休干部'),
    ('母亲', '刘淑珍', '196509', '群众', '东营区辛店街道居民'),
    ('公公', '吴德海', '196010', '群众', '广饶县大王镇农民'),
    ('婆婆', '陈秀兰', '196207', '群众', '广饶县大王镇农民'),
]
root = ET.Element('Person')
for tag, val in orig:
    e = ET.SubElement(root, tag)
    if tag == 'JiaTingChengYuan':
        for f in rb_family:
            it = ET.SubElement(e, 'Item')
            for t2, v2 in zip(['ChengWei', 'XingMing', 'ChuShengRiQi', 'ZhengZhiMianMao', 'GongZuoDanWeiJiZhiWu'], f):
                ET.SubElement(it, t2).text = v2
    else:
        e.text = val
limit = '改革前任职年龄界限为55岁'                      # female_limit chosen in the compat tab
for tag, val in [('GaiGeQianRenZhiNianLingJieXian', limit),
                 ('DaoLingNianYue', calc_daolingnianyue('199007', limit))]:
    ET.SubElement(root, tag).text = val                   # LrmxFile.set(): append when missing
tree = ET.ElementTree(root)
ET.indent(tree, space='    ')
tree.write(os.path.join(OUT, '06_rmb-helper-compat_li-na.lrmx'), encoding='UTF-8', xml_declaration=True)
print('ok')
