import { KINDS, NAME_ENDINGS } from "./enterprise-words.js";
import { NUMBER } from "./numbers.js";
import { MATERIALS } from "./report-words.js";

/**
 * Common family names (百家姓, those met in the district): a person's name of three characters starts with
 * one, so in 补齐手续李四负责 or 要整改钱七负责 the character before the name is not part of it.
 */
const SURNAMES = new Set(
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝",
);

/** A name of three read where the first is no family name and the second is (续李四 → 李四). */
function personName(name: string): string {
  const [first = "", second = ""] = name;
  return name.length === 3 && !SURNAMES.has(first) && SURNAMES.has(second) ? name.slice(1) : name;
}

/** 分包责任人: 责任人张三, 负责人钱七, 张三负责; 我负责, 我盯着 is the writer. */
export function readResponsible(text: string, asker: string | undefined): string | undefined {
  const t = text.replace(/\s+/g, "");
  const named =
    /(?:分包责任人|责任人|负责人|分包人|包片的是|包片人)(?:是|为|:)?([\p{Script=Han}]{2,3}?)(?=$|[,，。;；、\s\d]|负责)/u.exec(
      t,
    );
  if (named?.[1]) return personName(named[1]);
  if (/我负责|我来负责|我包|由我|我盯着|我来盯|我盯|我跟进|我来跟/.test(t)) return asker;
  // A space before the name ends the word before it (要整改 钱七负责); 由李四负责, 钱七跟进, 孙八盯着.
  const before = /([\p{Script=Han}]{2,3})(?:负责(?!人)|跟进|盯着)/u.exec(text);
  const who = before?.[1]?.replace(/^(?:由|归|让|请|是)(?=..)/, "");
  if (who && who.length >= 2 && who.length <= 3 && !/^(我|谁|人)/.test(who)) return personName(who);
  return undefined;
}

/** 老板叫刘大, 那人叫…: a person's name, not the enterprise's. */
const NOT_A_PERSON = "(?<!老板|老板娘|他|她|人|师傅|老汉|男的|女的)";

/**
 * Characters enterprises choose for their 字号 (鑫源, 宏达, 兴旺, 顺风 …). A name found only by its ending
 * (有个铝型材厂, 纸箱厂) is taken when it has one, or is 老王/小李 or Latin letters; otherwise it is likely
 * a kind nobody listed, and a name left out is asked, where a wrong one is not.
 */
const TRADE_NAME_CHARS =
  /[鑫宏恒金源达兴旺顺利华通泰盛丰福永瑞新佳祥隆昌鸿运发远成美洁亮晶丽清风彩鼎富荣豪天益嘉伟创辉明光星龙凤东方正信诚安康德润海峰腾飞胜凯捷宇亿万众合广聚汇强力威鹏振升高贵宝银玉锦绿乐好吉春]/;
function tradeName(proper: string): boolean {
  return (
    TRADE_NAME_CHARS.test(proper) ||
    /[a-z]/.test(proper) ||
    (/^[老小]/.test(proper) && SURNAMES.has(proper[1] ?? ""))
  );
}

/** Kinds of work a business is named by (废旧轮胎炼油厂, 塑料造粒厂): no part of a proper name. */
const WORK = ["炼油", "加工", "造粒", "回收", "清洗", "破碎", "拆解", "分装", "熔炼", "制造", "生产"];

/** Words that introduce a name: 叫, 名字叫, a form's 名称, and what a sign says (招牌写着). */
const CALLED =
  "(?:叫|名叫|名字叫|名称是|名称[:：]?|名为|厂名是?|(?:招牌|牌子|门头)上?(?:写着|写的是|写的|是))\\s*";

/**
 * 企业名称, only when the text names one (叫兴旺家具厂, 黄河村三组宏达塑料加工厂), not a kind (塑料厂).
 * A space ends a name (叫洁净干洗 仨人, 有环评 车间有气味).
 */
export function readName(t: string): string | undefined {
  const endings = NAME_ENDINGS.join("|");
  // 招牌写着宏远橡胶制品的橡胶厂: a 的 ends the name.
  const called = new RegExp(
    `${NOT_A_PERSON}${CALLED}((?:(?!的)[\\p{Script=Han}a-z0-9]){2,20}?(?:${endings}))`,
    "u",
  ).exec(t);
  if (called) return called[1];
  // 叫宏利纸业, 叫恒通铸造二十多个人: the words after 叫 up to the next fact (not 叫他整改).
  const free = new RegExp(
    `${NOT_A_PERSON}${CALLED}([\\p{Script=Han}A-Za-z0-9]{2,8}?)(?=$|[,，。;；、\\s]|${NUMBER}(?:多|几|来|余)?(?:个|名)?(?:人|工)|的|用|有|没|原料|搞|做|专门|主要|给|大约|大概|约)`,
    "u",
  ).exec(t);
  if (free?.[1] && !/^(?:他|她|它|人|老板|我|你|停|整改|拆|不|没|啥|什么)/.test(free[1])) return free[1];
  for (const m of t.matchAll(new RegExp(`([\\p{Script=Han}a-z0-9]{2,20}?)(${endings})`, "gu"))) {
    let head = m[1] ?? "";
    // What comes before the name: the village (…组, …村), 有个, 一家, 发现.
    const cut = /^.*(?:组|村|社区|有个|一个|一家|个|家|发现|新发现|的|在|是|有|镇)/u.exec(head);
    if (cut) head = head.slice(cut[0].length);
    // 工人用黏土和煤烧窑: a verb or 和 in it makes it a sentence, not a name.
    if (/[用和烧有没做]/.test(head)) continue;
    let proper = head;
    for (let again = true; again && proper; ) {
      again = false;
      const kind = [...KINDS, ...MATERIALS, ...WORK]
        .sort((a, b) => b.length - a.length)
        .find((k) => proper.endsWith(k));
      if (kind) {
        proper = proper.slice(0, -kind.length);
        again = true;
      }
    }
    // 非法塑料造粒厂, 小型家庭作坊: words that describe, not name.
    proper = proper.replace(/^(?:非法|无证|黑|土|小型|小|家庭|个体|私人|露天)+/, "");
    if (proper.length >= 2 && tradeName(proper)) return head + m[2];
  }
  return undefined;
}
