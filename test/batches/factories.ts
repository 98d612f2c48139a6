import type { Db } from "../../db/connect";
import { insertAuthority } from "../support/factories";

/**
 * CPAS of the province of Liège (French-speaking under the Walloon decree,
 * German-speaking under the German-speaking Community's), and one of Namur
 * that a province filter must leave out. Each has its own mail domain
 * except the two that share one (spacing per domain applies to them).
 */
export async function insertLiegeCpas(db: Db) {
  const row = (slug: string, name: string, nis: string, lang: "fr" | "de", email: string | null, verified: boolean) =>
    insertAuthority(db, {
      slug,
      name_fr: lang === "fr" ? name : null,
      name_de: lang === "de" ? name : null,
      kind: "cpas",
      level: "local",
      region: lang === "fr" ? "wallonia" : "german_community",
      regime: lang === "fr" ? "wallonia" : "german_community",
      languages: [lang],
      nis_code: nis,
      email,
      email_verified: verified,
    });
  return {
    liege: await row("cpas-liege", "CPAS de Liège", "62063", "fr", "cpas@liege.example", true),
    seraing: await row("cpas-seraing", "CPAS de Seraing", "62096", "fr", "info@cpas-seraing.example", true),
    herstal: await row("cpas-herstal", "CPAS de Herstal", "62051", "fr", "accueil@herstal.example", false),
    verviers: await row("cpas-verviers", "CPAS de Verviers", "63079", "fr", null, false),
    eupen: await row("cpas-eupen", "ÖSHZ Eupen", "63023", "de", "oshz@eupen.example", true),
    raeren: await row("cpas-raeren", "ÖSHZ Raeren", "63061", "de", "oshz@shared-ostbelgien.example", true),
    kelmis: await row("cpas-kelmis", "ÖSHZ Kelmis", "63040", "de", "oshz-kelmis@shared-ostbelgien.example", true),
    namur: await row("cpas-namur", "CPAS de Namur", "92094", "fr", "cpas@namur.example", true),
  };
}
