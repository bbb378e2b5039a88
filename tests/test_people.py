"""Leadership groups and their people: names are surnames plus one to three characters, posts are no people,
run-on lists, tables and prose. Whole documents with expected records are data/testdocs/ppl_*.txt."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.errors import ExtractError
from extract.people import _members, org_of, parse_member, prose_people, split_glued
from extract.personnames import is_person_name, surnames
from extract.pipeline import extract_text

NAMES = [  # (text, is a name): real names with rare and compound surnames, and what posts leave behind
    ("燕雪英", True), ("扈献文", True), ("延颜", True), ("邬惊雷", True), ("欧阳晨", True), ("万俟岚", True),
    ("申屠伟", True), ("甘霖", True), ("房喻", True), ("仲呈祥", True), ("隋涛", True), ("努尔·白克力", True),
    ("负责", False), ("管负责", False), ("的负责", False), ("由肖富", False), ("分管", False), ("同志", False),
    ("区长", False), ("副市长", False), ("王", False), ("王某某某某", False), ("张三abc", False), ("各成员", False),
    ("水利中心", False), ("万达集团", False),  # a surname character before a unit ending (found by the property test)
]


@pytest.mark.parametrize("text, expected", NAMES)
def test_a_name_is_a_surname_plus_one_to_three_characters(text, expected):
    assert is_person_name(text) is expected


@pytest.mark.parametrize("text", ["卫生", "要求", "国家", "文化"])
def test_a_common_word_is_a_name_only_where_the_text_delimits_it(text):
    assert is_person_name(text) and not is_person_name(text, strict=True)


def test_the_surname_list_has_the_classic_and_compound_surnames():
    single, compound = surnames()
    assert {"赵", "钱", "孙", "李", "扈", "肖", "覃"} <= single
    assert {"欧阳", "司马", "诸葛", "万俟", "钟离"} <= compound
    assert len(single) > 400


MEMBERS = [  # one member line → (name, positions)
    ("张 伟  区委副书记、区长", ("张伟", ["区委副书记", "区长"])),
    ("孙春兰 国务院副总理", ("孙春兰", ["国务院副总理"])),
    ("孙尧(教育部副部长)", ("孙尧", ["教育部副部长"])),
    ("吴仪国务院副总理", ("吴仪", ["国务院副总理"])),
    ("市政府副市长周明远", ("周明远", ["市政府副市长"])),
    ("区委宣传部部长　　　诸葛明", ("诸葛明", ["区委宣传部部长"])),
    ("马 敏 教授、华中师范大学原党委书记", ("马敏", ["教授", "华中师范大学原党委书记"])),
    ("葛兆光 教授、复旦大学", ("葛兆光", ["教授", "复旦大学"])),
    ("张三同志(县委副书记、县长)", ("张三", ["县委副书记", "县长"])),
    ("张三,县委副书记、县长", ("张三", ["县委副书记", "县长"])),
    ("负责住房和城乡建设工作的副市长", None),
    ("分管负责同志", None),
    ("市政府分管副秘书长", None),
    ("文化局局长", None),
    ("东北师范大学原校长", None),
    ("各区人民政府分管负责同志", None),
]


@pytest.mark.parametrize("text, expected", MEMBERS)
def test_parse_member(text, expected):
    assert parse_member(text) == expected


RUN_ON = [  # one line's text → names, in order
    ("孙尧(教育部副部长)、连维良(发展改革委副主任)、陈肇雄(工业和信息化部副部长)", ["孙尧", "连维良", "陈肇雄"]),
    ("市财政局局长李强、市教育局局长王芳，各区人民政府分管负责同志", ["李强", "王芳"]),
    ("张伟 区委副书记、区长", ["张伟"]),
    ("吴晓红 区行政审批服务局党组书记，局长", ["吴晓红"]),
    ("王作安 中央统战部副部长、宗教局局长", ["王作安"]),
    ("史宁中 教授、东北师范大学原校长", ["史宁中"]),
    ("张三、李四、王五", ["张三", "李四", "王五"]),
    ("李四(常务副县长)  王五(副县长)", ["李四", "王五"]),
    ("市发展改革委、市财政局、市文化局分管负责同志", []),
]


@pytest.mark.parametrize("text, names", RUN_ON)
def test_run_on_member_lists(text, names):
    assert [m[0] for m in _members(text)] == names


PROSE = [
    ("由省长王清宪负总责,同时明确各项工作的牵头负责领导", [("王清宪", "负总责", ["省长"])]),
    ("由市长高峰任组长,常务副市长钟离远、副市长文华任副组长。",
     [("高峰", "组长", ["市长"]), ("文华", "副组长", ["副市长"]), ("钟离远", "副组长", ["常务副市长"])]),
    ("张明同志任组长", [("张明", "组长", [])]),
    ("组长由县长张三担任,副组长由副县长李四、王五同志担任。",
     [("张三", "组长", ["县长"]), ("李四", "副组长", ["副县长"]), ("王五", "副组长", [])]),
    ("组长由县长担任,办公室主任由县财政局分管负责同志兼任", []),
    ("由分管副市长任组长,市政府分管副秘书长任副组长", []),
    ("由国务院分管教育工作的领导同志担任召集人", []),
]


@pytest.mark.parametrize("text, expected", PROSE)
def test_members_named_in_prose(text, expected):
    assert [p[:3] for p in prose_people(text)] == expected


@pytest.mark.parametrize("post, org", [
    ("区财政局局长", "区财政局"), ("区财政局党组书记", "区财政局"), ("区长", None), ("区委副书记", None),
    ("北京大学社会科学学部主任", "北京大学"), ("中科院数学与系统科学研究院学术委员会主任", "中科院数学与系统科学研究院"),
    ("中央党校副校长", "中央党校"), ("中央编译局原局长", None), ("复旦大学", "复旦大学"),
])
def test_org_of_a_post(post, org):
    assert org_of(post) == org


def test_split_glued_reads_the_name_on_either_side():
    assert split_glued("吴仪国务院副总理") == ("吴仪", "国务院副总理")
    assert split_glued("教育部副部长孙尧") == ("孙尧", "教育部副部长")
    assert split_glued("负责住房和城乡建设工作的副市长") is None


def test_a_group_listed_by_post_only_gives_no_person_but_is_still_a_group():
    """Issue 12: '组长:负责住房和城乡建设工作的副市长' once gave people named 负责 and 管负责."""
    text = ("凤栖市城市更新工作领导小组组成人员名单\n组长:负责住房和城乡建设工作的副市长\n"
            "副组长:分管负责住房和城乡建设工作的副秘书长\n成员:市住房城乡建设局、市财政局分管负责同志\n"
            "领导小组办公室设在市住房城乡建设局,办公室主任由市住房城乡建设局分管负责同志兼任。\n")
    doc = extract_text(text, doc="post_only")
    assert doc.people == []
    assert [g.office for g in doc.groups] == ["市住房城乡建设局"]


def test_a_subgroup_heading_keeps_the_member_list_open():
    text = ("国家教材委员会组成人员名单\n主 任:孙春兰 国务院副总理\n委 员:\n(一)部门委员\n梁言顺 中央宣传部副部长\n"
            "(二)专家委员(按姓氏笔划为序)\n马 敏 教授、华中师范大学原党委书记\n")
    people = {p.name: (p.group_role, p.positions) for p in extract_text(text, doc="subgroups").people}
    assert people == {"孙春兰": ("主任", ["国务院副总理"]), "梁言顺": ("委员", ["中央宣传部副部长"]),
                      "马敏": ("委员", ["教授", "华中师范大学原党委书记"])}


def test_rows_under_a_member_list_title_without_role_labels_are_members():
    text = "岚溪市河湖长制工作领导小组成员名单\n张 伟 市委副书记、市长\n市水利局局长 李明华\n各区分管负责同志\n"
    people = {p.name: (p.group_role, p.positions, p.group) for p in extract_text(text, doc="list").people}
    assert people == {"张伟": ("成员", ["市委副书记", "市长"], "岚溪市河湖长制工作领导小组"),
                      "李明华": ("成员", ["市水利局局长"], "岚溪市河湖长制工作领导小组")}


def test_a_member_table_the_table_reader_found_one_cell_a_line():
    text = ("某县河长制工作领导小组成员名单\n序号\n姓名\n单位及职务\n1\n张 伟\n县委副书记、县长\n2\n李明华\n"
            "县水利局局长\n")
    people = {p.name: (p.group_role, p.positions) for p in extract_text(text, doc="cells").people}
    assert people == {"张伟": ("成员", ["县委副书记", "县长"]), "李明华": ("成员", ["县水利局局长"])}


@pytest.mark.parametrize("line, expected", [
    ("组长:张三", {"张三": ("组长", [])}),
    ("牵头领导:李四、王五", {"李四": ("牵头领导", []), "王五": ("牵头领导", [])}),
    ("分管领导:副县长赵六", {"赵六": ("分管领导", ["副县长"])}),
    ("责任领导:各镇主要负责同志", {}),
    ("组长:县长", {}),
    ("总河长:张三 县委书记", {"张三": ("总河长", ["县委书记"])}),
    ("副总林长:李四(副县长)", {"李四": ("副总林长", ["副县长"])}),
    ("顾问:王五 县政协主席", {"王五": ("顾问", ["县政协主席"])}),
])
def test_a_label_line_naming_people(line, expected):
    people = {p.name: (p.group_role, p.positions) for p in extract_text("工作安排\n" + line + "\n", doc="l").people}
    assert people == expected


def test_every_person_keeps_the_span_of_what_names_them():
    text = "领导小组组成人员名单\n成员:孙尧(教育部副部长)、连维良(发展改革委副主任)\n"
    doc = extract_text(text, doc="spans")
    for p in doc.people:
        assert p.name in doc.text[p.start:p.end]


# ---- property: a leadership group listed by post only never yields a person ----
_PLACES = ["市", "区", "县", "省", "州", "镇"]
_FIELDS = ["住房和城乡建设", "教育", "财政", "发展和改革", "农业农村", "自然资源", "生态环境", "交通运输", "水利",
           "商务", "文化和旅游", "卫生健康", "应急管理", "市场监管", "统计", "医疗保障", "林业", "体育", "民政",
           "司法", "公安", "人力资源和社会保障", "工业和信息化", "科技", "审计", "城市管理", "退役军人事务",
           "乡村振兴", "信访", "数据", "营商环境", "招商", "城乡供水", "安全生产", "知识产权", "金融"]
_ROLE_LABELS = ["组  长", "组长", "副组长", "常务副组长", "成  员", "成员", "召集人", "副召集人", "总指挥", "副总指挥",
                "主  任", "副主任", "秘书长", "联络员", "办公室主任"]


@st.composite
def _post(draw) -> str:
    place = draw(st.sampled_from(_PLACES))
    field = draw(st.sampled_from(_FIELDS))
    if draw(st.booleans()):
        field += "和" + draw(st.sampled_from(_FIELDS))
    unit = place + field + draw(st.sampled_from(["局", "委", "办", "厅", "中心", "委员会"]))
    templates = [
        f"分管{field}工作的副{place}长", f"负责{field}工作的副{place}长", f"协助分管{field}工作的{place}政府副秘书长",
        f"{unit}局长", f"{unit}主任", f"{unit}主要负责同志", f"{unit}分管负责同志", f"{unit}党组书记、局长",
        f"{place}政府分管副秘书长", f"{place}委常委、常务副{place}长", f"各{place}人民政府分管负责同志",
        f"{unit}、{place}财政局分管负责同志", f"{place}{field}工作领导小组办公室主任", f"{unit}负责人",
        f"由{unit}分管负责同志兼任", f"由分管{field}工作的副{place}长担任",
    ]
    return draw(st.sampled_from(templates))


@st.composite
def _post_only_group(draw) -> str:
    field = draw(st.sampled_from(_FIELDS))
    lines = [f"关于成立{field}工作领导小组的通知", f"经研究,决定成立{field}工作领导小组,组成人员如下:"]
    for label in draw(st.lists(st.sampled_from(_ROLE_LABELS), min_size=1, max_size=5)):
        posts = draw(st.lists(_post(), min_size=1, max_size=4))
        sep = draw(st.sampled_from(["、", ",", "，"]))
        if draw(st.booleans()):
            lines.append(f"{label}:{sep.join(posts)}")
        else:  # one post a line, the rest padded under the label
            lines.append(f"{label}:{posts[0]}")
            lines += [f"        {p}" for p in posts[1:]]
    if draw(st.booleans()):
        lines.append(f"由{draw(_post())}任组长,{draw(_post())}任副组长。")
    if draw(st.booleans()):
        lines.append(f"领导小组办公室设在{draw(st.sampled_from(_PLACES))}{field}局,办公室主任由{draw(_post())}兼任。")
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_post_only_group())
def test_a_random_post_only_group_list_yields_no_person(text):
    try:
        doc = extract_text(text, doc="post_only")
    except ExtractError:
        return
    assert [p.name for p in doc.people] == []


# ---- member tables as users receive them: Word tables with merged 职务 cells, web-page tables ----
_ROWS = [("职务", "姓名", "单位及职务"), ("总指挥", "许 良", "县委副书记、县长"), ("副总指挥", "阮志成", "副县长"),
         ("", "蓝 天", "县应急管理局局长"), ("成员", "翁晓霞", "县林业局局长"), ("", "查尔平", "县公安局副局长")]
_EXPECTED = {"许良": ("总指挥", ["县委副书记", "县长"]), "阮志成": ("副总指挥", ["副县长"]),
             "蓝天": ("副总指挥", ["县应急管理局局长"]), "翁晓霞": ("成员", ["县林业局局长"]),
             "查尔平": ("成员", ["县公安局副局长"])}
_HEAD = ["关于调整枫亭县森林防灭火指挥部组成人员的通知", "现将调整后的枫亭县森林防灭火指挥部组成人员名单通知如下:"]


def test_a_member_table_in_a_word_file_with_merged_role_cells(tmp_path):
    docx = pytest.importorskip("docx")
    from extract.pipeline import extract_file

    d = docx.Document()
    for line in _HEAD:
        d.add_paragraph(line)
    t = d.add_table(rows=len(_ROWS), cols=3)
    for i, row in enumerate(_ROWS):
        for j, c in enumerate(row):
            t.cell(i, j).text = c
    t.cell(2, 0).merge(t.cell(3, 0)).text = "副总指挥"  # vertically merged: Word keeps the text once
    t.cell(4, 0).merge(t.cell(5, 0)).text = "成员"
    d.add_paragraph("指挥部办公室设在县林业局。")
    path = tmp_path / "member_table.docx"
    d.save(path)
    got = {p.name: (p.group_role, p.positions) for p in extract_file(path).people}
    assert got == _EXPECTED


def test_a_member_table_on_a_web_page(tmp_path):
    from extract.pipeline import extract_file

    cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in _ROWS)
    html = (f"<html><head><meta charset='utf-8'><title>{_HEAD[0]}</title></head><body><div class='content'>"
            + "".join(f"<p>{x}</p>" for x in _HEAD) + f"<table>{cells}</table><p>指挥部办公室设在县林业局。</p>"
            "</div></body></html>")
    path = tmp_path / "member_table.html"
    path.write_text(html, encoding="utf-8")
    got = {p.name: (p.group_role, p.positions) for p in extract_file(path).people}
    assert got == _EXPECTED


GROUP_NAMES = [  # a sentence naming a group → the group's name, without the verb phrase before it
    ("现对桐阳市安全生产委员会（以下简称市安委会）组成人员调整如下", "桐阳市安全生产委员会"),
    ("决定对县森林防灭火指挥部成员进行调整", "县森林防灭火指挥部"),
    ("关于成立青岚区优化营商环境工作领导小组的通知", "青岚区优化营商环境工作领导小组"),
]


@pytest.mark.parametrize("text, name", GROUP_NAMES)
def test_group_name_without_the_verb_before_it(text, name):
    from extract.people import group_name_in

    assert group_name_in(text) == name


def test_sub_group_members_carry_their_body():
    from tests.conftest import DATA

    path = DATA / "testdocs" / "pp3_sub_groups.txt"
    doc = extract_text(path.read_text(encoding="utf-8"), doc=path.stem)
    groups = {p.name: p.group for p in doc.people}
    assert groups["唐雨晴"] == "宣传引导组" and groups["苗青青"] == "产业发展组" and groups["袁可心"] == "规划建设组"
    assert groups["钱一鸣"] == "澄江县乡村振兴示范片区建设工作领导小组"


PROSE_LISTS = [  # a sentence → (name, role, posts) of the people it names
    ("总指挥由市政府市长孙启明担任，副总指挥由市委常委、宣传部部长程慧敏，市政府副市长钱学东担任；"
     "成员为市政府副秘书长裴文杰，市交通运输局分管副局长，团市委书记柯婷婷。",
     [("孙启明", "总指挥", ["市政府市长"]), ("程慧敏", "副总指挥", ["市委常委", "宣传部部长"]),
      ("钱学东", "副总指挥", ["市政府副市长"]), ("裴文杰", "成员", ["市政府副秘书长"]), ("柯婷婷", "成员", ["团市委书记"])]),
    ("工作专班成员包括区公安分局副局长江海涛、区文化广电和旅游局局长阎志勇。",
     [("江海涛", "成员", ["区公安分局副局长"]), ("阎志勇", "成员", ["区文化广电和旅游局局长"])]),
    ("督导组由县审计局局长孔明、县财政局副局长庞统等同志组成。",
     [("孔明", "成员", ["县审计局局长"]), ("庞统", "成员", ["县财政局副局长"])]),
    ("组长由分管副县长担任，成员为各乡镇分管负责同志。", []),
]


@pytest.mark.parametrize("text, expected", PROSE_LISTS)
def test_member_lists_in_prose(text, expected):
    assert [p[:3] for p in prose_people(text)] == expected


def test_a_role_held_besides_keeps_the_listed_one():
    text = ("关于成立某市运动会筹备工作指挥部的通知\n成员：市体育局局长龚建华，市教育局局长蔡晓云\n"
            "指挥部下设办公室，办公室设在市体育局。办公室主任：龚建华（兼），办公室副主任：市教育局副局长薄海燕。\n")
    people = {p.name: p for p in extract_text(text, doc="concurrent").people}
    assert (people["龚建华"].group_role, people["龚建华"].positions) == ("成员", ["市体育局局长"])
    assert [x["group_role"] for x in people["龚建华"].also] == ["办公室主任"]
    assert people["薄海燕"].group_role == "办公室副主任"
