import { type Role, TOWN_ROLES } from "./enums.js";

export interface TownRef {
  id: number;
  name: string;
  code: string;
}

function short(name: string): string {
  return name.replace(/(街道办事处|办事处|街道|镇|乡|办)$/, "");
}

export type TownChoice = { ok: true; town: TownRef } | { ok: false; message: string };

/**
 * Which town a report belongs to. A town's people report for their own town only; district roles
 * name the town (镇（办）：…), or report from a town group, or write the town at the start of 所在村组.
 */
export function chooseReportTown(input: {
  role: Role;
  personTown: TownRef | undefined;
  chatTown: TownRef | undefined;
  namedTown: string | undefined;
  village: string;
  towns: TownRef[];
}): TownChoice {
  const byName = (text: string) =>
    input.towns.find((t) => t.name === text.trim()) ??
    input.towns.find((t) => short(t.name) === short(text.trim()));
  const named = input.namedTown ? byName(input.namedTown) : undefined;
  if (input.namedTown && !named) {
    return {
      ok: false,
      message: `镇（办）“${input.namedTown}”不在名单中，可填：${input.towns.map((t) => t.name).join("、")}`,
    };
  }
  if (TOWN_ROLES.includes(input.role)) {
    if (!input.personTown) return { ok: false, message: "您的账号未关联镇（办），请联系管理员" };
    if (named && named.id !== input.personTown.id) {
      return { ok: false, message: `您只能上报本镇（办）（${input.personTown.name}）的企业` };
    }
    return { ok: true, town: input.personTown };
  }
  const inVillage = input.towns.find(
    (t) => input.village.startsWith(t.name) || input.village.startsWith(short(t.name)),
  );
  const town = named ?? input.chatTown ?? inVillage;
  if (!town) return { ok: false, message: "请注明所属镇（办），例如：镇（办）：古荥镇" };
  return { ok: true, town };
}
