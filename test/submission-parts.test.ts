import { describe, expect, test } from "vitest";
import { missingParts, partOfFile, submissionLine } from "../domain/submission.js";

describe("what a town has sent by the 23rd (domain/submission.ts)", () => {
  test.each<[string, boolean, "stamped" | "summary" | null]>([
    ["古荥镇3月台账.pdf", true, "stamped"],
    ["台账盖章件", true, "stamped"],
    ["盖章件.jpg", false, "stamped"],
    ["3月工作总结.pdf", true, "summary"],
    ["工作总结.docx", false, "summary"],
    ["总结.wps", false, "summary"],
    ["scan0001.pdf", true, null],
    ["说明.docx", false, null],
    ["现场.jpg", false, null],
    ["古荥镇3月台账.xlsx", false, null],
    ["工作总结.xlsx", false, null],
  ])("%s (PDF bytes: %s) is %s", (name, isPdf, part) => {
    expect(partOfFile(name, isPdf)).toBe(part);
  });

  test("complete only with 电子版, 盖章件 and 工作总结; one line per town says what is missing", () => {
    const town = { town: "古荥镇", ledgerOn: "2017-03-20", stampedOn: null, summaryOn: "2017-03-21" };
    expect(missingParts(town)).toEqual(["stamped"]);
    expect(submissionLine(town)).toBe(
      "古荥镇：电子版 3月20日 · 盖章件 未交 · 工作总结 3月21日（尚缺：盖章件）",
    );
    expect(missingParts({ ...town, stampedOn: "2017-03-22" })).toEqual([]);
  });
});
