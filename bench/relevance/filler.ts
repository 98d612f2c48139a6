import type { JudgedDocument } from "./types";

/**
 * Filler replies: acknowledgements and extensions of the deadline, newer
 * than the judged replies, each naming a subject in passing. They are what
 * a common word mostly finds on a real site, and none of them is what a
 * reader searching that word is after. Enough of them (thousands) push the
 * judged replies past a bounded candidate set that takes the newest matches
 * first. Deterministic.
 */
const subjects: Record<"fr" | "nl" | "de", string[]> = {
  fr: [
    "le budget communal",
    "les permis délivrés",
    "le conseil communal",
    "la zone de police",
    "l'accès aux documents",
    "les données utilisées par vos services",
    "les enregistrements des séances",
    "les subsides",
  ],
  nl: [
    "de begroting",
    "de vergunningen",
    "de gemeenteraad",
    "de politiezone",
    "de openbaarheid van bestuur",
    "de gebruikte persoonsgegevens",
    "de notulen",
    "de subsidies",
  ],
  de: [
    "den Haushalt",
    "die Genehmigungen",
    "den Gemeinderat",
    "die Polizeizone",
    "den Zugang zu Dokumenten",
    "die verwendeten Daten",
    "die Protokolle",
    "die Zuschüsse",
  ],
};

const letters: Record<"fr" | "nl" | "de", Array<(subject: string, n: number) => { title: string; body: string }>> = {
  fr: [
    (s, n) => ({ title: `Accusé de réception n° ${n}`, body: `Nous accusons réception de votre demande concernant ${s}. Elle a été transmise au service compétent, qui vous répondra dans le délai légal de trente jours.` }),
    (s, n) => ({ title: `Prolongation du délai de réponse (${n})`, body: `Votre demande relative à ${s} nécessite la consultation de plusieurs services. Le délai de réponse est prolongé de quinze jours, conformément au décret.` }),
    (s, n) => ({ title: `Demande de précisions (${n})`, body: `Afin de traiter votre demande portant sur ${s}, pourriez-vous préciser la période et les documents visés? Sans réponse de votre part, la demande sera classée.` }),
  ],
  nl: [
    (s, n) => ({ title: `Ontvangstbevestiging nr. ${n}`, body: `Wij bevestigen de ontvangst van uw verzoek over ${s}. Het werd bezorgd aan de bevoegde dienst, die binnen de wettelijke termijn van twintig dagen antwoordt.` }),
    (s, n) => ({ title: `Verlenging van de antwoordtermijn (${n})`, body: `Uw verzoek over ${s} vraagt overleg tussen verschillende diensten. De antwoordtermijn wordt met vijftien dagen verlengd, zoals het decreet toestaat.` }),
    (s, n) => ({ title: `Vraag om verduidelijking (${n})`, body: `Om uw verzoek over ${s} te behandelen, vragen wij u de periode en de gevraagde documenten te verduidelijken. Zonder antwoord wordt het verzoek afgesloten.` }),
  ],
  de: [
    (s, n) => ({ title: `Eingangsbestätigung Nr. ${n}`, body: `Wir bestätigen den Eingang Ihres Antrags über ${s}. Er wurde an den zuständigen Dienst weitergeleitet, der innerhalb der gesetzlichen Frist von dreißig Tagen antwortet.` }),
    (s, n) => ({ title: `Verlängerung der Antwortfrist (${n})`, body: `Ihr Antrag über ${s} erfordert die Abstimmung mehrerer Dienste. Die Antwortfrist wird um fünfzehn Tage verlängert, wie es das Dekret erlaubt.` }),
    (s, n) => ({ title: `Bitte um Präzisierung (${n})`, body: `Um Ihren Antrag über ${s} zu bearbeiten, bitten wir Sie, den Zeitraum und die gewünschten Dokumente zu präzisieren. Ohne Antwort wird der Antrag abgeschlossen.` }),
  ],
};

export function fillerDocuments(perLanguage: number): Array<JudgedDocument & { lang: "fr" | "nl" | "de" }> {
  const out: Array<JudgedDocument & { lang: "fr" | "nl" | "de" }> = [];
  for (const lang of ["fr", "nl", "de"] as const) {
    for (let n = 0; n < perLanguage; n++) {
      const subject = subjects[lang][(n * 7 + 3) % subjects[lang].length];
      const letter = letters[lang][n % letters[lang].length](subject, n + 1);
      // Spread over 2024–2026, newer than every judged reply.
      const day = new Date(Date.UTC(2024, 0, 1) + ((n * 97) % 1000) * 86_400_000);
      out.push({ key: `filler-${lang}-${n}`, lang, date: day.toISOString().slice(0, 10), authority: `Filler ${lang}`, ...letter });
    }
  }
  return out;
}
