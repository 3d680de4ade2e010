import { describe, expect, test } from "vitest";
import {
  type CaseForProof,
  DEFAULT_PROOF_POLICY,
  formatDistance,
  haversineMeters,
  judgePhoto,
  type PhotoFacts,
  verdictText,
} from "../domain/photo-proof.js";
import { formatExifTime, formatPlace, formatTime } from "../reports/dossier/photo-evidence.js";

const site = { lat: 34.8512, lng: 113.6123 };
const reported: CaseForProof = { reportedAt: "2017-02-10T02:30:00.000Z", site };
const photo = (over: Partial<PhotoFacts> = {}): PhotoFacts => ({
  isImage: true,
  receivedAt: "2017-03-20T09:10:00.000Z",
  takenAt: null,
  gps: null,
  reusedOn: [],
  acceptance: null,
  ...over,
});
const judge = (over: Partial<PhotoFacts> = {}, c = reported) =>
  judgePhoto(photo(over), c, DEFAULT_PROOF_POLICY);

describe("whether a photo proves a case finished (domain/photo-proof.ts)", () => {
  test.each([
    [site, site, 0, 0.001],
    [site, { lat: 34.8612, lng: 113.6123 }, 1112, 2], // 0.01° of latitude ≈ 1.11 km
    [{ lat: 34.7466, lng: 113.6253 }, { lat: 39.9042, lng: 116.4074 }, 622_000, 3000], // 郑州 → 北京
  ])("haversine %o → %o ≈ %d m", (a, b, meters, tolerance) => {
    expect(Math.abs(haversineMeters(a, b) - meters)).toBeLessThanOrEqual(tolerance);
  });

  test.each([
    ["2017-03-20T06:05:00Z", "2017年3月20日 14:05"],
    ["2017-03-20T23:30:00+08:00", "2017年3月20日 23:30"],
    ["2017-03-20T16:30:00Z", "2017年3月21日 00:30"],
    ["2017:03:20 17:05:09", "2017年3月20日 17:05"], // EXIF's own form, camera local time
    ["2017-03-20T17:05:00", "2017年3月20日 17:05"],
  ])("time %s reads %s", (time, shown) => {
    expect(formatTime(time)).toBe(shown);
  });

  test("EXIF time and place in Chinese, unknown when stripped", () => {
    expect(formatExifTime(null)).toBe("拍摄时间：未知（照片无EXIF时间）");
    expect(formatPlace(null)).toBe("拍摄地点：未知（照片无GPS信息）");
    expect(formatPlace({ lat: 34.85123, lng: 113.61234 })).toBe("拍摄地点：北纬34.8512°，东经113.6123°");
    expect(formatDistance(118)).toBe("约120米");
    expect(formatDistance(2234)).toBe("约2.2公里");
  });

  test("a picture received after the report, taken at the site, proves it", () => {
    const v = judge({ takenAt: "2017-03-20T17:05:00", gps: { lat: 34.8521, lng: 113.6131 } });
    expect(v).toMatchObject({ proves: true, flaws: [], acceptance: null });
    expect(Math.round(v.distanceMeters!)).toBe(124);
    expect(verdictText(v)).toBe("可作为整治完成的证明");
  });

  test.each<[string, Partial<PhotoFacts>, string]>([
    ["not a picture", { isImage: false }, "不是图片（无法识别为照片）"],
    ["received before the report", { receivedAt: "2017-02-09T12:00:00Z" }, "收到于上报之前（2017年2月9日）"],
    ["taken (EXIF) before the report", { takenAt: "2017-02-09T23:00:00" }, "拍摄于上报之前（2017年2月9日）"],
    ["reused from another enterprise", { reusedOn: ["GY-0002"] }, "与GY-0002的照片相同"],
    ["18 km from the site", { gps: { lat: 35.013, lng: 113.6123 } }, "拍摄地点距厂址约18.0公里（超过500米）"],
    ["600 m from the site", { gps: { lat: 34.8566, lng: 113.6123 } }, "拍摄地点距厂址约600米（超过500米）"],
  ])("%s does not prove it", (_, over, reason) => {
    const v = judge(over);
    expect(v.proves).toBe(false);
    expect(v.flaws.map((f) => f.text)).toEqual([reason]);
    expect(verdictText(v)).toBe(`不作为整治完成的证明：${reason}`);
  });

  test("the distance is checked only where both positions are known, against the configured limit", () => {
    expect(judge({ gps: { lat: 35.013, lng: 113.6123 } }, { ...reported, site: null }).proves).toBe(true);
    expect(judge({ gps: null }).proves).toBe(true);
    const far = photo({ gps: { lat: 34.8566, lng: 113.6123 } });
    expect(judgePhoto(far, reported, { maxDistanceMeters: 1000 }).proves).toBe(true);
  });

  test("a supervisor's 采信 makes a flawed picture proof, never a file that is not one", () => {
    const acceptance = { by: "王五", at: "2017-03-21T02:00:00.000Z", reason: "现场复核属实" };
    const accepted = judge({ reusedOn: ["GY-0002"], acceptance });
    expect(accepted).toMatchObject({ proves: true, acceptable: true, acceptance });
    expect(accepted.flaws).toHaveLength(1);
    expect(verdictText(accepted)).toBe("可作为整治完成的证明（王五采信：现场复核属实）");
    const notImage = judge({ isImage: false, acceptance });
    expect(notImage).toMatchObject({ proves: false, acceptable: false, acceptance: null });
  });
});

describe("after a 反弹 only this round's photos prove it", () => {
  const reopened: CaseForProof = { ...reported, reopenedAt: "2017-03-15T02:00:00.000Z" };
  test("received before the reopening", () => {
    const v = judge({ receivedAt: "2017-03-01T09:00:00.000Z" }, reopened);
    expect(v.proves).toBe(false);
    expect(v.flaws.map((f) => f.text)).toEqual(["收到于反弹重新立案之前（2017年3月1日），不能证明本次整治"]);
  });
  test("received after it but taken (EXIF) before it", () => {
    const v = judge({ takenAt: "2017:03:10 15:00:00" }, reopened);
    expect(v.flaws.map((f) => f.text)).toEqual(["拍摄于反弹重新立案之前（2017年3月10日），不能证明本次整治"]);
  });
  test("received and taken after it", () => {
    expect(judge({ takenAt: "2017:03:18 15:00:00" }, reopened).proves).toBe(true);
    expect(judge({}, reported).proves).toBe(true);
  });
});
