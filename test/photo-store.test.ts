import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { describe, expect, test } from "vitest";
import { createPhotoStore } from "../storage/photo-store.js";

describe("photo store", () => {
  test("content-addressed: the same bytes are one file, named by their sha256", async () => {
    const store = createPhotoStore(mkdtempSync(join(tmpdir(), "photos-")));
    const bytes = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#102030" } })
      .png()
      .toBuffer();
    const a = await store.put(bytes);
    const b = await store.put(bytes);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(b.path).toBe(a.path);
    expect(a.mime).toBe("image/png");
    expect(readFileSync(join(store.root, a.path)).equals(bytes)).toBe(true);
    expect(a.takenAt).toBeNull();
    expect(a.gps).toBeNull();
  });

  test("reads EXIF time and GPS when the photo carries them", async () => {
    const store = createPhotoStore(mkdtempSync(join(tmpdir(), "photos-")));
    const bytes = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#405060" } })
      .jpeg()
      .withExif({
        IFD0: { Make: "test" },
        IFD2: { DateTimeOriginal: "2017:03:20 10:30:00" },
        IFD3: {
          GPSLatitudeRef: "N",
          GPSLatitude: "34/1 51/1 0/1",
          GPSLongitudeRef: "E",
          GPSLongitude: "113/1 33/1 36/1",
        },
      })
      .toBuffer();
    const stored = await store.put(bytes);
    expect(stored.gps?.lat).toBeCloseTo(34.85, 4);
    expect(stored.gps?.lng).toBeCloseTo(113.56, 4);
    // EXIF times carry no zone; the phones are in China: 10:30 in Beijing is 02:30 UTC.
    expect(stored.takenAt).toBe("2017-03-20T02:30:00.000Z");
  });
});
