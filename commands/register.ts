import { InputError } from "../base/errors.js";
import { ROLE_LABELS, ROLE_WORDS, TOWN_ROLES } from "../domain/enums.js";
import { quoteValue, TEXT_LIMITS, tooLong } from "../domain/text-limits.js";
import { auditBase } from "./audit-base.js";
import type { Command } from "./command.js";

/**
 * 登记: an admin registers a person with a role (and town), and links a platform account to them.
 * The same name again updates the role or adds another platform account to the same person.
 */
export const registerCommand: Command = {
  name: "登记",
  roles: ["admin"],
  summary: "登记人员、角色、所属镇（办）和平台账号",
  usage: "登记 张三 巡查员 古荥镇 wecom:zhangsan\n角色：巡查员/镇管理员/区督查/领导/管理员",
  async run(ctx, args) {
    const words = args.trim().split(/\s+/).filter(Boolean);
    const [name, roleWord, ...rest] = words;
    if (!name || !roleWord) throw new InputError(`格式：${this.usage}`);
    const role = ROLE_WORDS[roleWord];
    if (!role)
      throw new InputError(`角色${quoteValue(roleWord)}无法识别，可填：${Object.keys(ROLE_WORDS).join("/")}`);
    const account = rest.find((w) => /^[a-z]+:.+/.test(w));
    const long =
      tooLong("姓名", name, TEXT_LIMITS.personName) ??
      (account ? tooLong("账号", account, TEXT_LIMITS.account) : null);
    if (long) throw new InputError(long);
    const townWord = rest.find((w) => w !== account);
    let townId: number | null = null;
    if (TOWN_ROLES.includes(role)) {
      if (!townWord)
        throw new InputError(`${ROLE_LABELS[role]}需写明所属镇（办），例如：登记 ${name} ${roleWord} 古荥镇`);
      const town = await ctx.repos.towns.byName(townWord);
      if (!town) throw new InputError(`没有“${townWord}”这个镇（办）。`);
      townId = town.id;
    }
    const now = ctx.clock.now().toISOString();
    const existing = await ctx.repos.persons.byName(name);
    if (existing.length > 1)
      throw new InputError(`有 ${existing.length} 位${quoteValue(name)}，请在姓名后加区分（如 ${name}2）。`);
    let person = existing[0];
    if (person) {
      await ctx.repos.persons.update(person.id, { role, townId });
    } else {
      person = await ctx.repos.persons.add({ name, role, townId, now });
    }
    if (account) {
      const [platform = "", ...id] = account.split(":");
      await ctx.repos.persons.linkIdentity(person.id, platform, id.join(":"));
    }
    await ctx.repos.audit.record({
      ...auditBase(ctx, now),
      action: existing[0] ? "person_update" : "person_add",
      entityType: "person",
      entityId: person.id,
      before: existing[0],
      after: { name, role, townId, account },
    });
    ctx.reply(
      `✅ 已登记：${name}（${ROLE_LABELS[role]}${townWord && townId ? ` · ${townWord}` : ""}）${account ? `\n账号：${account}` : ""}`,
    );
  },
};
