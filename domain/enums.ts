/**
 * The campaign's enumerations, in the seed's own words (惠环保〔2017〕2号, 附件1/附件2).
 * The Chinese labels are the canonical stored values: ledgers and chat show them as they are.
 */

export const ENTERPRISE_TYPES = ["小散乱污", "八小"] as const;
export type EnterpriseType = (typeof ENTERPRISE_TYPES)[number];

export const REQUIREMENTS = ["补办手续", "整改完善", "限期拆除"] as const;
export type Requirement = (typeof REQUIREMENTS)[number];

export const WATER_AIR = ["涉水", "涉气", "涉水涉气", "不涉及"] as const;
export type WaterAir = (typeof WATER_AIR)[number];

export const PERMITS = ["有", "无", "不全"] as const;
export type Permits = (typeof PERMITS)[number];

/** 完成情况: the state before any progress, then the seed's states per requirement. */
export const INITIAL_STATE = "待整治" as const;
export const PROGRESS_STATES = [
  INITIAL_STATE,
  "补办手续",
  "手续办结",
  "正在整治",
  "整改到位",
  "正在拆除",
  "拆除到位",
] as const;
export type ProgressState = (typeof PROGRESS_STATES)[number];

/** Roles, with the Chinese names users type and read. */
export const ROLES = ["inspector", "town_admin", "district_supervisor", "director", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  inspector: "巡查员",
  town_admin: "镇（办）管理员",
  district_supervisor: "区督查",
  director: "领导",
  admin: "管理员",
};

/** Words accepted for each role when an admin registers a person. */
export const ROLE_WORDS: Record<string, Role> = {
  巡查员: "inspector",
  网格员: "inspector",
  镇管理员: "town_admin",
  "镇（办）管理员": "town_admin",
  "镇(办)管理员": "town_admin",
  镇办管理员: "town_admin",
  环保所长: "town_admin",
  区督查: "district_supervisor",
  督查: "district_supervisor",
  领导: "director",
  管理员: "admin",
};

/** Roles that belong to one town (their writes are limited to it). */
export const TOWN_ROLES: readonly Role[] = ["inspector", "town_admin"];
