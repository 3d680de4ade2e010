import { z } from "zod";

/**
 * A stored value that does not have the shape the code expects (a row written by an older version,
 * or by hand): named by table, column and row, so it is found and fixed rather than passed on as a
 * silently wrong enum.
 */
export class StoredValueError extends Error {
  constructor(
    readonly table: string,
    readonly column: string,
    readonly rowId: string,
    detail: string,
  ) {
    super(`stored ${table}.${column} of row ${rowId} is unreadable: ${detail}`);
    this.name = "StoredValueError";
  }
}

/**
 * Column types as both engines return them. SQLite gives booleans as 0/1; PostgreSQL gives
 * bigint and numeric (count, sum, bigInteger columns) as strings.
 */
export const col = {
  text: z.string(),
  int: z.number(),
  /** A float column (a latitude, a ratio). */
  real: z.number(),
  /** A boolean column: true/false on PostgreSQL, 1/0 on SQLite. */
  bool: z.union([z.boolean(), z.number()]).transform((v) => v === true || v === 1),
  /** count(*), sum(…) and bigint columns: a string on PostgreSQL; null (sum of nothing) is 0. */
  count: z.union([z.number(), z.string(), z.bigint(), z.null()]).transform((v) => Number(v ?? 0)),
  /** A text column holding JSON, checked against what the code reads from it. */
  json<T extends z.ZodType>(schema: T) {
    return z
      .string()
      .transform((text, ctx): unknown => {
        try {
          return JSON.parse(text);
        } catch {
          ctx.addIssue({ code: "custom", message: "not JSON", input: text });
          return z.NEVER;
        }
      })
      .pipe(schema);
  },
};

/**
 * The decoder of one table's rows (or of a query's rows over it): every column the code reads is
 * checked and typed here, at the repository's edge, and nowhere past it.
 * @example const townRow = rowSchema("towns", { id: col.int, name: col.text, code: col.text });
 *          const town = townRow.parse(await sql.first("select id, name, code from towns where id = ?", [id]));
 */
export function rowSchema<Shape extends z.ZodRawShape>(table: string, shape: Shape, key = "id") {
  const schema = z.object(shape);
  type Row = z.output<typeof schema>;
  const fail = (raw: unknown, error: z.ZodError): never => {
    const issue = error.issues[0];
    const [column = "?", ...inner] = issue?.path ?? [];
    const where = inner.length ? `${String(column)}.${inner.map(String).join(".")}` : String(column);
    const id = typeof raw === "object" && raw !== null ? Reflect.get(raw, key) : undefined;
    throw new StoredValueError(table, where, String(id ?? "?"), issue?.message ?? error.message);
  };
  return {
    schema,
    /** One row; throws StoredValueError naming the table, column and row when a value is off. */
    parse(raw: unknown): Row {
      const result = schema.safeParse(raw);
      return result.success ? result.data : fail(raw, result.error);
    },
    /** A row that may be missing (`first()` found nothing). */
    maybe(raw: unknown): Row | undefined {
      return raw === undefined || raw === null ? undefined : this.parse(raw);
    },
    all(raws: readonly unknown[]): Row[] {
      return raws.map((raw) => this.parse(raw));
    },
    /** The same table's rows with more (or other) columns: a join, an aggregate. */
    extend<More extends z.ZodRawShape>(more: More) {
      return rowSchema(table, { ...shape, ...more }, key);
    },
  };
}

export type RowOf<S extends { parse(raw: unknown): unknown }> = ReturnType<S["parse"]>;
