import { describe, expect, it } from "vitest";
import { brusselsDate, fixedClock } from "../../core/clock";
import { ConfigError, ConflictError, DossierError, ForbiddenError, InvalidInputError, NotFoundError, RateLimitError, UsageError } from "../../core/errors";
import { foldAccents, foldForMatch, slugify } from "../../core/text";
import { InvalidDateError } from "../../authorities/civil-date";
import { RequestError } from "../../requests/errors";
import { TransitionError } from "../../requests/states";
import { SearchQueryError } from "../../core/search";

describe("one error hierarchy", () => {
  it("gives every error a stable code and the HTTP status a route answers with", () => {
    const cases: Array<[DossierError, string, number]> = [
      [new InvalidInputError("bad"), "invalid_input", 400],
      [new UsageError("--x"), "usage", 400],
      [new NotFoundError(), "not_found", 404],
      [new ForbiddenError(), "forbidden", 403],
      [new ConflictError("no"), "conflict", 409],
      [new RateLimitError("slow down"), "rate_limited", 429],
      [new ConfigError(["PORT must be a port number"]), "config", 500],
    ];
    for (const [error, code, status] of cases) {
      expect(error).toBeInstanceOf(DossierError);
      expect(error).toBeInstanceOf(Error);
      expect({ code: error.code, status: error.status }).toEqual({ code, status });
    }
  });

  it("rooms' errors are part of it, keep their names and map to the right status", () => {
    const daily = new RequestError("daily_cap", "too many today");
    expect(daily).toBeInstanceOf(DossierError);
    expect({ name: daily.name, code: daily.code, status: daily.status }).toEqual({ name: "RequestError", code: "daily_cap", status: 429 });
    expect(new RequestError("not_found", "x").status).toBe(404);
    const transition = new TransitionError("draft", "successful");
    expect(transition).toBeInstanceOf(ConflictError);
    expect(transition.code).toBe("invalid_transition");
    expect(new InvalidDateError("2017-02-30")).toMatchObject({ name: "InvalidDateError", status: 400, code: "invalid_date" });
    expect(new SearchQueryError("unbalanced quote")).toBeInstanceOf(InvalidInputError);
  });

  it("names every bad variable in a configuration error", () => {
    const error = new ConfigError(["PORT must be a port number — got \"x\"", "SECRET is required in production"]);
    expect(error.message).toContain("PORT must be a port number");
    expect(error.message).toContain("SECRET is required in production");
  });
});

describe("text helpers", () => {
  it("folds accents once for every room", () => {
    expect(foldAccents("Liège, Überlingen, Œuvre")).toBe("Liege, Uberlingen, Œuvre");
    expect(foldForMatch("Straße LIÈGE Œuvre")).toBe("strasse liege oeuvre");
    expect(foldAccents("E\u0300ve")).toBe("Eve");
  });

  it("makes slugs, optionally cut at a word boundary hyphen", () => {
    expect(slugify("Permis d'urbanisme — Liège")).toBe("permis-d-urbanisme-liege");
    expect(slugify("Budget communal 2026 de la ville", 16)).toBe("budget-communal");
    expect(slugify("!!!")).toBe("");
  });
});

describe("clock", () => {
  it("gives the Brussels date, which is not the UTC date around midnight", () => {
    expect(brusselsDate(new Date("2026-12-31T23:30:00Z"))).toBe("2027-01-01");
    expect(brusselsDate(new Date("2026-07-01T21:59:00Z"))).toBe("2026-07-01");
    expect(brusselsDate(new Date("2026-07-01T22:00:00Z"))).toBe("2026-07-02");
  });

  it("can be stopped and moved by tests", () => {
    const clock = fixedClock("2026-03-01T10:00:00Z");
    expect(clock.today()).toBe("2026-03-01");
    clock.set("2026-03-02T10:00:00Z");
    expect(clock.today()).toBe("2026-03-02");
    expect(clock.now().toISOString()).toBe("2026-03-02T10:00:00.000Z");
  });
});
