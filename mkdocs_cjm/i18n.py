"""The labels the plugin writes on generated pages, per theme language.

Labels are keyed by their English text, so templates read naturally
(`t("Pain points")`); a language without a translation falls back to English.
Every label is one row of `_LABELS`, all languages side by side, so a label
cannot be added for one language and forgotten in another; the tests render
the example handbook and fail on any label used without a row.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from typing import Protocol, TypeVar

import babel
import babel.numbers

LANGUAGES = ("en", "da", "sv", "nb", "de")

# (key, en, da, sv, nb, de). The key is the English label, or an enumeration
# value of the maps (`current-state`) or a recognised metric (`drop_off`),
# which need words in English too.
# fmt: off
_LABELS: tuple[tuple[str, str, str, str, str, str], ...] = (
    # enumeration values and recognised metrics
    ("current-state", "Current state", "Nuværende situation", "Nuläge", "Nåsituasjon", "Ist-Zustand"),
    ("future-state", "Future state", "Fremtidig situation", "Framtida läge", "Framtidig situasjon", "Soll-Zustand"),
    ("day-in-the-life", "Day in the life", "En dag i livet", "En dag i livet", "En dag i livet", "Ein Tag im Leben"),
    ("service-blueprint", "Service blueprint", "Serviceblueprint", "Tjänsteritning", "Tjenesteblåkopi", "Service-Blueprint"),
    ("draft", "Draft", "Kladde", "Utkast", "Utkast", "Entwurf"),
    ("published", "Published", "Udgivet", "Publicerad", "Publisert", "Veröffentlicht"),
    ("retired", "Retired", "Udgået", "Avvecklad", "Utgått", "Eingestellt"),
    ("idea", "Idea", "Idé", "Idé", "Idé", "Idee"),
    ("planned", "Planned", "Planlagt", "Planerad", "Planlagt", "Geplant"),
    ("in-progress", "In progress", "I gang", "Pågår", "Pågår", "In Arbeit"),
    ("done", "Done", "Færdig", "Klar", "Ferdig", "Erledigt"),
    ("online", "Online", "Digital", "Digital", "Digital", "Online"),
    ("offline", "Offline", "Fysisk", "Fysisk", "Fysisk", "Offline"),
    ("drop_off", "Drop-off", "Frafald", "Avhopp", "Frafall", "Abbruchrate"),
    ("conversion", "Conversion", "Konvertering", "Konvertering", "Konvertering", "Konversion"),
    # touchpoint channels (labels.CHANNELS)
    ("channel:search", "Search", "Søgning", "Sökning", "Søk", "Suche"),
    ("channel:web", "Web", "Web", "Webb", "Nett", "Web"),
    ("channel:social", "Social media", "Sociale medier", "Sociala medier", "Sosiale medier", "Soziale Medien"),
    ("channel:email", "Email", "E-mail", "E-post", "E-post", "E-Mail"),
    ("channel:app", "App", "App", "App", "App", "App"),
    ("channel:chat", "Chat", "Chat", "Chatt", "Chat", "Chat"),
    ("channel:phone", "Phone", "Telefon", "Telefon", "Telefon", "Telefon"),
    ("channel:sms", "SMS", "SMS", "Sms", "SMS", "SMS"),
    ("channel:store", "Store", "Butik", "Butik", "Butikk", "Geschäft"),
    ("channel:event", "Event", "Arrangement", "Evenemang", "Arrangement", "Veranstaltung"),
    ("channel:delivery", "Delivery", "Levering", "Leverans", "Levering", "Lieferung"),
    ("channel:review-site", "Review site", "Anmeldelsesside", "Recensionssajt", "Anmeldelsesside", "Bewertungsportal"),
    ("channel:other", "Other", "Andet", "Övrigt", "Annet", "Sonstiges"),
    # navigation and page titles
    ("Journeys", "Journeys", "Kunderejser", "Kundresor", "Kundereiser", "Kundenreisen"),
    ("Personas", "Personas", "Personaer", "Personas", "Personaer", "Personas"),
    ("Touchpoints", "Touchpoints", "Berøringspunkter", "Kontaktpunkter", "Kontaktpunkter", "Kontaktpunkte"),
    ("Stages", "Stages", "Faser", "Faser", "Faser", "Phasen"),
    ("Opportunities", "Opportunities", "Muligheder", "Möjligheter", "Muligheter", "Chancen"),
    ("Review", "Review", "Gennemgang", "Granskning", "Gjennomgang", "Überprüfung"),
    ("Overview", "Overview", "Oversigt", "Översikt", "Oversikt", "Übersicht"),
    # fields and headings
    ("About", "About", "Om", "Om", "Om", "Über"),
    ("Age", "Age", "Alder", "Ålder", "Alder", "Alter"),
    ("Author", "Author", "Forfatter", "Författare", "Forfatter", "Autor"),
    ("Backstage", "Backstage", "Bag scenen", "Bakom scenen", "Bak scenen", "Hinterbühne"),
    ("Change", "Change", "Ændring", "Ändring", "Endring", "Änderung"),
    ("Channel", "Channel", "Kanal", "Kanal", "Kanal", "Kanal"),
    ("Channel not set", "Channel not set", "Ingen kanal angivet", "Ingen kanal angiven", "Ingen kanal angitt", "Kein Kanal angegeben"),
    ("Compared with", "Compared with", "Sammenlignet med", "Jämförs med", "Sammenlignet med", "Verglichen mit"),
    ("Date", "Date", "Dato", "Datum", "Dato", "Datum"),
    ("Doing", "Doing", "Gør", "Gör", "Gjør", "Tut"),
    ("Effort", "Effort", "Indsats", "Insats", "Innsats", "Aufwand"),
    ("Emotion", "Emotion", "Følelse", "Känsla", "Følelse", "Emotion"),
    ("Evidence", "Evidence", "Dokumentation", "Underlag", "Dokumentasjon", "Belege"),
    ("Feeling", "Feeling", "Føler", "Känner", "Føler", "Fühlt"),
    ("Freshness", "Freshness", "Aktualitet", "Aktualitet", "Aktualitet", "Aktualität"),
    ("Frontstage", "Frontstage", "Foran scenen", "Framför scenen", "Foran scenen", "Vorderbühne"),
    ("Frustrations", "Frustrations", "Frustrationer", "Frustrationer", "Frustrasjoner", "Frustrationen"),
    ("Goal", "Goal", "Mål", "Mål", "Mål", "Ziel"),
    ("Goals", "Goals", "Mål", "Mål", "Mål", "Ziele"),
    ("Impact", "Impact", "Effekt", "Effekt", "Effekt", "Wirkung"),
    ("In journeys", "In journeys", "I kunderejser", "I kundresor", "I kundereiser", "In Kundenreisen"),
    ("Journey", "Journey", "Kunderejse", "Kundresa", "Kundereise", "Kundenreise"),
    ("Journey diagram", "Journey diagram", "Rejsediagram", "Resediagram", "Reisediagram", "Diagramm der Kundenreise"),
    ("Journey overview", "Journey overview", "Oversigt over rejsen", "Översikt över resan", "Oversikt over reisen", "Übersicht der Kundenreise"),
    ("KPIs", "KPIs", "KPI'er", "KPI:er", "KPI-er", "Kennzahlen"),
    ("Kind", "Kind", "Type", "Typ", "Type", "Art"),
    ("Last built", "Last built", "Sidst bygget", "Senast byggd", "Sist bygget", "Zuletzt erstellt"),
    ("Last changed", "Last changed", "Sidst ændret", "Senast ändrad", "Sist endret", "Zuletzt geändert"),
    ("Last reviewed", "Last reviewed", "Sidst gennemgået", "Senast granskad", "Sist gjennomgått", "Zuletzt überprüft"),
    ("Journey canvas", "Journey canvas", "Kunderejsekort", "Kundresekarta", "Kundereisekart", "Customer-Journey-Map"),
    ("Metric", "Metric", "Måling", "Mätvärde", "Måling", "Kennzahl"),
    ("Metrics", "Metrics", "Målinger", "Mätvärden", "Målinger", "Messwerte"),
    ("Mode", "Mode", "Form", "Form", "Form", "Modus"),
    ("Mode not set", "Mode not set", "Ingen form angivet", "Ingen form angiven", "Ingen form angitt", "Kein Modus angegeben"),
    ("Motivations", "Motivations", "Motivationer", "Drivkrafter", "Motivasjoner", "Motivationen"),
    ("Narrative", "Narrative", "Fortælling", "Berättelse", "Fortelling", "Erzählung"),
    ("Needs", "Needs", "Behov", "Behov", "Behov", "Bedürfnisse"),
    ("Next stage", "Next stage", "Næste fase", "Nästa fas", "Neste fase", "Nächste Phase"),
    ("Opportunity", "Opportunity", "Mulighed", "Möjlighet", "Mulighet", "Chance"),
    ("Owner", "Owner", "Ejer", "Ägare", "Eier", "Verantwortlich"),
    ("target", "target", "mål", "mål", "mål", "Ziel"),
    ("today", "today", "i dag", "i dag", "i dag", "heute"),
    ("today → target", "today → target", "i dag → mål", "i dag → mål", "i dag → mål", "heute → Ziel"),
    ("Emotions today", "Emotions today", "Følelser i dag", "Känslor i dag", "Følelser i dag", "Emotionen heute"),
    ("Emotions, target", "Emotions, target", "Følelser, mål", "Känslor, mål", "Følelser, mål", "Emotionen, Ziel"),
    ("Emotions and metrics are targets", "Emotions and metrics are targets", "Følelser og målinger er mål", "Känslor och mätvärden är mål", "Følelser og målinger er mål", "Emotionen und Kennzahlen sind Ziele"),
    ("This is a future state: its emotions, metrics and funnel are targets, not measurements.", "This is a future state: its emotions, metrics and funnel are targets, not measurements.", "Dette er en fremtidig situation: dens følelser, målinger og tragt er mål, ikke målinger.", "Detta är ett framtida läge: dess känslor, mätvärden och tratt är mål, inte mätningar.", "Dette er en framtidig situasjon: følelsene, målingene og trakten er mål, ikke målinger.", "Dies ist ein Soll-Zustand: Emotionen, Kennzahlen und Trichter sind Ziele, keine Messungen."),
    ("Pain points at its steps", "Pain points at its steps", "Smertepunkter ved dens trin", "Smärtpunkter vid dess steg", "Smertepunkter ved stegene", "Schmerzpunkte an seinen Schritten"),
    ("Opportunities at its steps", "Opportunities at its steps", "Muligheder ved dens trin", "Möjligheter vid dess steg", "Muligheter ved stegene", "Chancen an seinen Schritten"),
    ("What hurts at the steps that use this touchpoint, most severe first.", "What hurts at the steps that use this touchpoint, most severe first.", "Det, der gør ondt ved de trin, der bruger berøringspunktet, det alvorligste først.", "Det som gör ont vid stegen som använder kontaktpunkten, det allvarligaste först.", "Det som gjør vondt ved stegene som bruker kontaktpunktet, det alvorligste først.", "Was an den Schritten mit diesem Kontaktpunkt schmerzt, das Schwerste zuerst."),
    ("Ideas for the steps that use this touchpoint, best value for effort first.", "Ideas for the steps that use this touchpoint, best value for effort first.", "Idéer til de trin, der bruger berøringspunktet, mest værdi for indsatsen først.", "Idéer för stegen som använder kontaktpunkten, mest värde för insatsen först.", "Ideer for stegene som bruker kontaktpunktet, mest verdi for innsatsen først.", "Ideen für die Schritte mit diesem Kontaktpunkt, der beste Nutzen pro Aufwand zuerst."),
    ("Link", "Link", "Henvisning", "Länk", "Lenke", "Link"),
    ("Addresses", "Addresses", "Adresserer", "Åtgärdar", "Adresserer", "Betrifft"),
    ("The case", "The case", "Begrundelse", "Motivering", "Begrunnelse", "Begründung"),
    ("Steps this opportunity addresses", "Steps this opportunity addresses", "Trin, som muligheden adresserer", "Steg som möjligheten åtgärdar", "Steg som muligheten adresserer", "Schritte, die diese Chance betrifft"),
    ("No step refers to this opportunity yet.", "No step refers to this opportunity yet.", "Intet trin henviser til denne mulighed endnu.", "Inget steg hänvisar till den här möjligheten ännu.", "Ingen steg viser til denne muligheten ennå.", "Noch kein Schritt verweist auf diese Chance."),
    ("Shared by", "Shared by", "Delt af", "Delas av", "Delt av", "Geteilt von"),
    ("Pain point", "Pain point", "Smertepunkt", "Smärtpunkt", "Smertepunkt", "Schmerzpunkt"),
    ("Pain points", "Pain points", "Smertepunkter", "Smärtpunkter", "Smertepunkter", "Schmerzpunkte"),
    ("Persona", "Persona", "Persona", "Persona", "Persona", "Persona"),
    ("Preferred by", "Preferred by", "Foretrækkes af", "Föredras av", "Foretrekkes av", "Bevorzugt von"),
    ("Preferred channels", "Preferred channels", "Foretrukne kanaler", "Föredragna kanaler", "Foretrukne kanaler", "Bevorzugte Kanäle"),
    ("Previous stage", "Previous stage", "Forrige fase", "Föregående fas", "Forrige fase", "Vorige Phase"),
    ("Recent changes", "Recent changes", "Seneste ændringer", "Senaste ändringar", "Siste endringer", "Letzte Änderungen"),
    ("Role", "Role", "Rolle", "Roll", "Rolle", "Rolle"),
    ("Scenario", "Scenario", "Scenarie", "Scenario", "Scenario", "Szenario"),
    ("Segment", "Segment", "Segment", "Segment", "Segment", "Segment"),
    ("Severity", "Severity", "Alvor", "Allvarlighetsgrad", "Alvorlighetsgrad", "Schweregrad"),
    ("Source", "Source", "Kilde", "Källa", "Kilde", "Quelle"),
    ("Stage", "Stage", "Fase", "Fas", "Fase", "Phase"),
    ("Stage by stage", "Stage by stage", "Fase for fase", "Fas för fas", "Fase for fase", "Phase für Phase"),
    ("Status", "Status", "Status", "Status", "Status", "Status"),
    ("Step", "Step", "Trin", "Steg", "Steg", "Schritt"),
    ("Steps", "Steps", "Trin", "Steg", "Steg", "Schritte"),
    ("Summary", "Summary", "Resumé", "Sammanfattning", "Sammendrag", "Zusammenfassung"),
    ("Support processes", "Support processes", "Støtteprocesser", "Stödprocesser", "Støtteprosesser", "Unterstützungsprozesse"),
    ("Thinking", "Thinking", "Tænker", "Tänker", "Tenker", "Denkt"),
    ("Touchpoint", "Touchpoint", "Berøringspunkt", "Kontaktpunkt", "Kontaktpunkt", "Kontaktpunkt"),
    ("Used in", "Used in", "Bruges i", "Används i", "Brukes i", "Verwendet in"),
    ("Value", "Value", "Værdi", "Värde", "Verdi", "Wert"),
    ("Where", "Where", "Hvor", "Var", "Hvor", "Wo"),
    ("Lowest emotion", "Lowest emotion", "Laveste følelse", "Lägsta känsla", "Laveste følelse", "Niedrigste Emotion"),
    ("Worst moment", "Worst moment", "Værste øjeblik", "Värsta ögonblicket", "Verste øyeblikk", "Schlechtester Moment"),
    ("effort", "effort", "indsats", "insats", "innsats", "Aufwand"),
    ("impact", "impact", "effekt", "effekt", "effekt", "Wirkung"),
    ("severity", "severity", "alvor", "allvarlighetsgrad", "alvorlighetsgrad", "Schweregrad"),
    ("never", "never", "aldrig", "aldrig", "aldri", "nie"),
    # figures from data files and evidence that ages
    ("Figures", "Figures", "Tal", "Siffror", "Tall", "Zahlen"),
    ("Figures of the whole journey, from the data files.", "Figures of the whole journey, from the data files.", "Tal for hele kunderejsen fra datafilerne.", "Siffror för hela kundresan, från datafilerna.", "Tall for hele kundereisen, fra datafilene.", "Zahlen der ganzen Kundenreise aus den Datendateien."),
    ("Trend", "Trend", "Udvikling", "Trend", "Utvikling", "Verlauf"),
    ("since", "since", "siden", "sedan", "siden", "seit"),
    ("pts", "pts", "point", "p.e.", "poeng", "Pkt."),
    ("this map", "this map", "dette kort", "denna karta", "dette kartet", "diese Karte"),
    ("From data", "From data", "Fra data", "Från data", "Fra data", "Aus Daten"),
    ("Drop-offs of the period", "Drop-offs of the period", "Frafald i perioden", "Avhopp under perioden", "Frafall i perioden", "Abbrüche im Zeitraum"),
    ("Old evidence", "Old evidence", "Gammel dokumentation", "Gammalt underlag", "Gammel dokumentasjon", "Alte Belege"),
    ("days old", "days old", "dage gammel", "dagar gammalt", "dager gammel", "Tage alt"),
    ("days", "days", "dage", "dagar", "dager", "Tage"),
    ("Age in days", "Age in days", "Alder i dage", "Ålder i dagar", "Alder i dager", "Alter in Tagen"),
    ("Evidence coverage", "Evidence coverage", "Dokumentationsdækning", "Underlagstäckning", "Dokumentasjonsdekning", "Belegabdeckung"),
    ("steps with evidence from the last", "steps with evidence from the last", "trin med dokumentation fra de seneste", "steg med underlag från de senaste", "steg med dokumentasjon fra de siste", "Schritte mit Belegen aus den letzten"),
    ("The share of each journey's steps with evidence from the last", "The share of each journey's steps with evidence from the last", "Andelen af hver kunderejses trin med dokumentation fra de seneste", "Andelen av varje kundresas steg med underlag från de senaste", "Andelen av hver kundereises steg med dokumentasjon fra de siste", "Der Anteil der Schritte jeder Kundenreise mit Belegen aus den letzten"),
    ("lowest first", "lowest first", "laveste først", "lägst först", "lavest først", "niedrigste zuerst"),
    ("No evidence is older than that.", "No evidence is older than that.", "Ingen dokumentation er ældre end det.", "Inget underlag är äldre än så.", "Ingen dokumentasjon er eldre enn det.", "Kein Beleg ist älter."),
    # freshness and review
    ("Fresh", "Fresh", "Aktuel", "Aktuell", "Oppdatert", "Aktuell"),
    ("Stale", "Stale", "Forældet", "Inaktuell", "Utdatert", "Veraltet"),
    ("Retired", "Retired", "Udgået", "Avvecklad", "Utgått", "Eingestellt"),
    ("Review due", "Review due", "Gennemgang snart", "Granskning snart", "Gjennomgang snart", "Überprüfung fällig"),
    ("Never reviewed", "Never reviewed", "Aldrig gennemgået", "Aldrig granskad", "Aldri gjennomgått", "Nie überprüft"),
    ("review was due", "review was due", "gennemgang forfaldt", "granskningen skulle ha gjorts", "gjennomgangen forfalt", "Überprüfung war fällig am"),
    ("Judged as of", "Judged as of", "Vurderet pr.", "Bedömt per", "Vurdert per", "Beurteilt zum"),
    (
        "Journeys past their review date, due within the next days, or never reviewed, by the team that owns them.",
        "Journeys past their review date, due within the next days, or never reviewed, by the team that owns them.",
        "Kunderejser, der har overskredet deres gennemgangsdato, snart skal gennemgås eller aldrig er blevet gennemgået, efter det team, der ejer dem.",
        "Kundresor som har passerat sitt granskningsdatum, snart ska granskas eller aldrig har granskats, per team som äger dem.",
        "Kundereiser som har passert gjennomgangsdatoen, snart skal gjennomgås eller aldri er gjennomgått, etter teamet som eier dem.",
        "Kundenreisen, deren Überprüfung überfällig ist, bald fällig wird oder nie stattgefunden hat, nach dem verantwortlichen Team.",
    ),
    (
        "Every journey has been reviewed recently.",
        "Every journey has been reviewed recently.",
        "Alle kunderejser er gennemgået for nylig.",
        "Alla kundresor har granskats nyligen.",
        "Alle kundereiser er gjennomgått nylig.",
        "Alle Kundenreisen wurden kürzlich überprüft.",
    ),
    # history and source footer
    ("Generated from the maps of this handbook", "Generated from the maps of this handbook", "Genereret fra kortene i denne håndbog", "Genererad från kartorna i den här handboken", "Generert fra kartene i denne håndboken", "Aus den Karten dieses Handbuchs erzeugt"),
    (
        "This map has no committed changes yet.",
        "This map has no committed changes yet.",
        "Der er endnu ingen committede ændringer til dette kort.",
        "Den här kartan har inga incheckade ändringar än.",
        "Dette kartet har ingen innsjekkede endringer ennå.",
        "Für diese Karte gibt es noch keine committeten Änderungen.",
    ),
    (
        "No history: the maps are not in a git repository.",
        "No history: the maps are not in a git repository.",
        "Ingen historik: kortene ligger ikke i et git-repository.",
        "Ingen historik: kartorna ligger inte i ett git-repo.",
        "Ingen historikk: kartene ligger ikke i et git-repo.",
        "Kein Verlauf: Die Karten liegen nicht in einem Git-Repository.",
    ),
    # empty states
    ("No journey uses this stage yet.", "No journey uses this stage yet.", "Ingen kunderejse bruger denne fase endnu.", "Ingen kundresa använder den här fasen än.", "Ingen kundereise bruker denne fasen ennå.", "Noch keine Kundenreise nutzt diese Phase."),
    ("Not in any journey yet.", "Not in any journey yet.", "Indgår endnu ikke i nogen kunderejse.", "Ingår inte i någon kundresa än.", "Er ikke med i noen kundereise ennå.", "Noch in keiner Kundenreise."),
    ("Not used in any journey yet.", "Not used in any journey yet.", "Bruges endnu ikke i nogen kunderejse.", "Används inte i någon kundresa än.", "Brukes ikke i noen kundereise ennå.", "Wird noch in keiner Kundenreise genutzt."),
    # journey diagrams (journey and stage pages)
    (
        "One diagram per stage. The higher a step's face, the better the persona feels, from 1 (very negative) to 5 (very positive).",
        "One diagram per stage. The higher a step's face, the better the persona feels, from 1 (very negative) to 5 (very positive).",
        "Et diagram pr. fase. Jo højere et trins ansigt står, jo bedre har personaen det, fra 1 (meget negativ) til 5 (meget positiv).",
        "Ett diagram per fas. Ju högre ett stegs ansikte står, desto bättre mår personan, från 1 (mycket negativ) till 5 (mycket positiv).",
        "Ett diagram per fase. Jo høyere et stegs ansikt står, desto bedre har personaen det, fra 1 (svært negativ) til 5 (svært positiv).",
        "Ein Diagramm pro Phase. Je höher das Gesicht eines Schritts steht, desto besser geht es der Persona, von 1 (sehr negativ) bis 5 (sehr positiv).",
    ),
    (
        "The dots on each step are its personas, from left to right",
        "The dots on each step are its personas, from left to right",
        "Prikkerne på hvert trin er dets personaer, fra venstre mod højre",
        "Prickarna på varje steg är dess personor, från vänster till höger",
        "Prikkene på hvert steg er stegets personaer, fra venstre mot høyre",
        "Die Punkte auf jedem Schritt sind seine Personas, von links nach rechts",
    ),
    (
        "The higher a step's face, the better the persona feels, from 1 (very negative) to 5 (very positive).",
        "The higher a step's face, the better the persona feels, from 1 (very negative) to 5 (very positive).",
        "Jo højere et trins ansigt står, jo bedre har personaen det, fra 1 (meget negativ) til 5 (meget positiv).",
        "Ju högre ett stegs ansikte står, desto bättre mår personan, från 1 (mycket negativ) till 5 (mycket positiv).",
        "Jo høyere et stegs ansikt står, desto bedre har personaen det, fra 1 (svært negativ) til 5 (svært positiv).",
        "Je höher das Gesicht eines Schritts steht, desto besser geht es der Persona, von 1 (sehr negativ) bis 5 (sehr positiv).",
    ),
    (
        "Emotion at each step, from 1 (very negative) to 5 (very positive)",
        "Emotion at each step, from 1 (very negative) to 5 (very positive)",
        "Følelsen ved hvert trin, fra 1 (meget negativ) til 5 (meget positiv)",
        "Känslan i varje steg, från 1 (mycket negativ) till 5 (mycket positiv)",
        "Følelsen i hvert steg, fra 1 (svært negativ) til 5 (svært positiv)",
        "Die Emotion in jedem Schritt, von 1 (sehr negativ) bis 5 (sehr positiv)",
    ),
    # emotion curve and drop-off (journey page)
    ("Emotion curve", "Emotion curve", "Følelseskurve", "Känslokurva", "Følelseskurve", "Emotionskurve"),
    (
        "Emotion at every step, from 1 (very negative) to 5 (very positive). Steps are numbered stage.step, as in the table.",
        "Emotion at every step, from 1 (very negative) to 5 (very positive). Steps are numbered stage.step, as in the table.",
        "Følelsen ved hvert trin, fra 1 (meget negativ) til 5 (meget positiv). Trinene er nummereret fase.trin som i tabellen.",
        "Känslan i varje steg, från 1 (mycket negativ) till 5 (mycket positiv). Stegen är numrerade fas.steg som i tabellen.",
        "Følelsen i hvert steg, fra 1 (svært negativ) til 5 (svært positiv). Stegene er nummerert fase.steg som i tabellen.",
        "Die Emotion in jedem Schritt, von 1 (sehr negativ) bis 5 (sehr positiv). Die Schritte sind wie in der Tabelle als Phase.Schritt nummeriert.",
    ),
    ("Biggest drop-offs", "Biggest drop-offs", "Største frafald", "Största avhoppen", "Største frafall", "Größte Abbrüche"),
    ("Customers remaining", "Customers remaining", "Tilbageværende kunder", "Kvarvarande kunder", "Gjenværende kunder", "Verbleibende Kunden"),
    (
        "Of every 100 customers who start the journey, how many are still there after each step with a measured drop-off. Steps without a measured drop-off count as keeping everyone.",
        "Of every 100 customers who start the journey, how many are still there after each step with a measured drop-off. Steps without a measured drop-off count as keeping everyone.",
        "Hvor mange af 100 kunder, der begynder rejsen, der stadig er med efter hvert trin med et målt frafald. Trin uden målt frafald regnes som at beholde alle.",
        "Hur många av 100 kunder som börjar resan som fortfarande är kvar efter varje steg med ett uppmätt avhopp. Steg utan uppmätt avhopp räknas som att alla är kvar.",
        "Hvor mange av 100 kunder som starter reisen, som fortsatt er med etter hvert steg med målt frafall. Steg uten målt frafall regnes som at alle blir med videre.",
        "Wie viele von 100 Kunden, die die Reise beginnen, nach jedem Schritt mit gemessener Abbruchrate noch dabei sind. Schritte ohne gemessene Abbruchrate gelten als verlustfrei.",
    ),
    ("Start of the journey", "Start of the journey", "Rejsens start", "Resans början", "Reisens start", "Beginn der Reise"),
    ("Remaining", "Remaining", "Tilbage", "Kvar", "Igjen", "Verbleibend"),
    # service blueprint
    ("Service blueprint", "Service blueprint", "Serviceblueprint", "Tjänsteritning", "Tjenesteblåkopi", "Service-Blueprint"),
    (
        "Above the line of visibility is what the customer sees; below it, what happens behind the scenes. Steps are numbered stage.step.",
        "Above the line of visibility is what the customer sees; below it, what happens behind the scenes. Steps are numbered stage.step.",
        "Over synlighedslinjen er det, kunden ser; under den det, der sker bag scenen. Trinene er nummereret fase.trin.",
        "Ovanför synlighetslinjen finns det kunden ser; under den det som händer bakom scenen. Stegen är numrerade fas.steg.",
        "Over synlighetslinjen er det kunden ser; under den det som skjer bak scenen. Stegene er nummerert fase.steg.",
        "Über der Sichtbarkeitslinie steht, was die Kundschaft sieht, darunter, was hinter den Kulissen geschieht. Die Schritte sind als Phase.Schritt nummeriert.",
    ),
    ("Lane", "Lane", "Lag", "Lager", "Lag", "Ebene"),
    ("Physical evidence", "Physical evidence", "Fysiske spor", "Fysiska bevis", "Fysiske spor", "Physische Belege"),
    ("Customer actions", "Customer actions", "Kundens handlinger", "Kundens handlingar", "Kundens handlinger", "Kundenaktionen"),
    ("Line of interaction", "Line of interaction", "Interaktionslinje", "Interaktionslinje", "Interaksjonslinje", "Interaktionslinie"),
    ("Line of visibility", "Line of visibility", "Synlighedslinje", "Synlighetslinje", "Synlighetslinje", "Sichtbarkeitslinie"),
    ("Line of internal interaction", "Line of internal interaction", "Intern interaktionslinje", "Intern interaktionslinje", "Intern interaksjonslinje", "Linie der internen Interaktion"),
    # comparison
    ("Comparison", "Comparison", "Sammenligning", "Jämförelse", "Sammenligning", "Vergleich"),
    ("Compared in", "Compared in", "Sammenlignet i", "Jämförs i", "Sammenlignet i", "Verglichen in"),
    (
        "Average emotion per stage in both journeys, for the stages they share.",
        "Average emotion per stage in both journeys, for the stages they share.",
        "Gennemsnitlig følelse pr. fase i begge rejser, for de faser de har til fælles.",
        "Genomsnittlig känsla per fas i båda resorna, för de faser de har gemensamt.",
        "Gjennomsnittlig følelse per fase i begge reisene, for fasene de har felles.",
        "Durchschnittliche Emotion pro Phase in beiden Reisen, für die Phasen, die beide haben.",
    ),
    ("Bars", "Bars", "Søjler", "Staplar", "Søyler", "Balken"),
    ("Line", "Line", "Linje", "Linje", "Linje", "Linie"),
    ("this journey", "this journey", "denne rejse", "den här resan", "denne reisen", "diese Reise"),
    ("Average emotion", "Average emotion", "Gennemsnitlig følelse", "Genomsnittlig känsla", "Gjennomsnittlig følelse", "Durchschnittliche Emotion"),
    ("Worst emotion", "Worst emotion", "Dårligste følelse", "Sämsta känsla", "Dårligste følelse", "Schlechteste Emotion"),
    ("Emotions before", "Emotions before", "Følelser før", "Känslor före", "Følelser før", "Emotionen vorher"),
    ("Emotions after", "Emotions after", "Følelser efter", "Känslor efter", "Følelser etter", "Emotionen nachher"),
    ("Whole journey", "Whole journey", "Hele rejsen", "Hela resan", "Hele reisen", "Gesamte Reise"),
    ("not in this journey", "not in this journey", "ikke med i rejsen", "inte med i resan", "ikke med i reisen", "nicht in dieser Reise"),
    ("What changed", "What changed", "Hvad er ændret", "Vad som har ändrats", "Hva som er endret", "Was sich geändert hat"),
    ("Steps added", "Steps added", "Nye trin", "Nya steg", "Nye steg", "Neue Schritte"),
    ("Steps removed", "Steps removed", "Fjernede trin", "Borttagna steg", "Fjernede steg", "Entfernte Schritte"),
    ("New stage", "New stage", "Ny fase", "Ny fas", "Ny fase", "Neue Phase"),
    ("Stage removed", "Stage removed", "Fase fjernet", "Fas borttagen", "Fase fjernet", "Phase entfernt"),
    # evidence: how strong, how it is counted
    ("observed", "observed", "observeret", "observerad", "observert", "beobachtet"),
    ("reported", "reported", "rapporteret", "rapporterad", "rapportert", "berichtet"),
    ("inferred", "inferred", "udledt", "härledd", "utledet", "abgeleitet"),
    ("assumed", "assumed", "antaget", "antagen", "antatt", "angenommen"),
    ("Observed evidence", "Observed evidence", "Observeret dokumentation", "Observerat underlag", "Observert dokumentasjon", "Beobachtete Belege"),
    ("steps with evidence dated in the last", "steps with evidence dated in the last", "trin med dokumentation dateret inden for de seneste", "steg med underlag daterat inom de senaste", "steg med dokumentasjon datert innen de siste", "Schritte mit Belegen datiert in den letzten"),
    ("steps rest on evidence seen in behaviour", "steps rest on evidence seen in behaviour", "trin bygger på dokumentation set i adfærd", "steg vilar på underlag sett i beteende", "steg bygger på dokumentasjon sett i atferd", "Schritte beruhen auf beobachtetem Verhalten"),
    # the top of a journey page: summary and overview
    ("Lowest moments", "Lowest moments", "Laveste punkter", "Lägsta punkter", "Laveste punkter", "Tiefpunkte"),
    ("Lowest moment", "Lowest moment", "Laveste punkt", "Lägsta punkt", "Laveste punkt", "Tiefpunkt"),
    ("Biggest drop-off", "Biggest drop-off", "Største frafald", "Största avhoppet", "Største frafall", "Größter Abbruch"),
    ("No drop-off measured.", "No drop-off measured.", "Intet frafald målt.", "Inget avhopp uppmätt.", "Ingen frafall målt.", "Kein Abbruch gemessen."),
    ("Headline figures", "Headline figures", "Nøgletal", "Nyckeltal", "Nøkkeltall", "Kennzahlen"),
    ("Open opportunities", "Open opportunities", "Åbne muligheder", "Öppna möjligheter", "Åpne muligheter", "Offene Chancen"),
    # the journeys index (portfolio, heat map), persona cards, journey hierarchy (#24)
    ("Emotion by stage", "Emotion by stage", "Følelse pr. fase", "Känsla per fas", "Følelse per fase", "Emotion je Phase"),
    ("Steps with recent evidence", "Steps with recent evidence", "Trin med nyere dokumentation", "Steg med färskt underlag", "Steg med ny dokumentasjon", "Schritte mit aktuellen Belegen"),
    ("Every journey at a glance: its emotion curve, its lowest moment, its pain points and open opportunities, how well evidence backs it and how fresh its review is. Sub-journeys are listed under the journey they are part of.", "Every journey at a glance: its emotion curve, its lowest moment, its pain points and open opportunities, how well evidence backs it and how fresh its review is. Sub-journeys are listed under the journey they are part of.", "Alle kunderejser i ét blik: følelseskurven, det laveste punkt, smertepunkter og åbne muligheder, hvor godt dokumentationen bærer og hvor aktuel gennemgangen er. Delrejser står under den rejse, de er del af.", "Alla kundresor i en överblick: känslokurvan, den lägsta punkten, smärtpunkter och öppna möjligheter, hur väl underlaget håller och hur aktuell granskningen är. Delresor står under den resa de ingår i.", "Alle kundereiser med ett blikk: følelseskurven, det laveste punktet, smertepunkter og åpne muligheter, hvor godt dokumentasjonen bærer og hvor oppdatert gjennomgangen er. Delreiser står under reisen de er del av.", "Alle Kundenreisen auf einen Blick: die Emotionskurve, der Tiefpunkt, Schmerzpunkte und offene Chancen, wie gut Belege sie stützen und wie aktuell ihre Überprüfung ist. Teilreisen stehen unter der Reise, zu der sie gehören."),
    ("A row per owner: how many journeys, their average emotion, pain points, open opportunities and stale reviews. Each owner's journeys are on a page of their own.", "A row per owner: how many journeys, their average emotion, pain points, open opportunities and stale reviews. Each owner's journeys are on a page of their own.", "En række pr. ejer: hvor mange kunderejser, deres gennemsnitlige følelse, smertepunkter, åbne muligheder og forældede gennemgange. Hver ejers kunderejser står på deres egen side.", "En rad per ägare: hur många kundresor, deras genomsnittliga känsla, smärtpunkter, öppna möjligheter och inaktuella granskningar. Varje ägares kundresor finns på en egen sida.", "En rad per eier: hvor mange kundereiser, deres gjennomsnittlige følelse, smertepunkter, åpne muligheter og utdaterte gjennomganger. Hver eiers kundereiser står på en egen side.", "Eine Zeile je Verantwortlichem: wie viele Kundenreisen, ihre mittlere Emotion, Schmerzpunkte, offene Chancen und veraltete Überprüfungen. Die Kundenreisen jedes Verantwortlichen stehen auf einer eigenen Seite."),
    ("The mean emotion of each owner's journeys in each stage (1 very negative, 3 neutral, 5 very positive); an empty cell is a stage none of them goes through.", "The mean emotion of each owner's journeys in each stage (1 very negative, 3 neutral, 5 very positive); an empty cell is a stage none of them goes through.", "Gennemsnitlig følelse for hver ejers kunderejser i hver fase (1 meget negativ, 3 neutral, 5 meget positiv); en tom celle er en fase, ingen af dem går igennem.", "Genomsnittlig känsla för varje ägares kundresor i varje fas (1 mycket negativ, 3 neutral, 5 mycket positiv); en tom cell är en fas ingen av dem går igenom.", "Gjennomsnittlig følelse for hver eiers kundereiser i hver fase (1 svært negativ, 3 nøytral, 5 svært positiv); en tom celle er en fase ingen av dem går gjennom.", "Mittlere Emotion der Kundenreisen jedes Verantwortlichen in jeder Phase (1 sehr negativ, 3 neutral, 5 sehr positiv); eine leere Zelle ist eine Phase, die keine von ihnen durchläuft."),
    ("The mean emotion of each journey's steps in each stage (1 very negative, 3 neutral, 5 very positive); an empty cell is a stage the journey does not go through. Each number links to that stage of the journey.", "The mean emotion of each journey's steps in each stage (1 very negative, 3 neutral, 5 very positive); an empty cell is a stage the journey does not go through. Each number links to that stage of the journey.", "Gennemsnitlig følelse for hver rejses trin i hver fase (1 meget negativ, 3 neutral, 5 meget positiv); en tom celle er en fase, rejsen ikke går igennem. Hvert tal linker til rejsens fase.", "Genomsnittlig känsla för varje resas steg i varje fas (1 mycket negativ, 3 neutral, 5 mycket positiv); en tom cell är en fas resan inte går igenom. Varje tal länkar till resans fas.", "Gjennomsnittlig følelse for hver reises steg i hver fase (1 svært negativ, 3 nøytral, 5 svært positiv); en tom celle er en fase reisen ikke går gjennom. Hvert tall lenker til reisens fase.", "Mittlere Emotion der Schritte jeder Reise in jeder Phase (1 sehr negativ, 3 neutral, 5 sehr positiv); eine leere Zelle ist eine Phase, die die Reise nicht durchläuft. Jede Zahl verweist auf diese Phase der Reise."),
    ("Part of", "Part of", "Del af", "Del av", "Del av", "Teil von"),
    ("Sub-journeys", "Sub-journeys", "Delrejser", "Delresor", "Delreiser", "Teilreisen"),
    ("Pain points of the sub-journeys", "Pain points of the sub-journeys", "Delrejsernes smertepunkter", "Delresornas smärtpunkter", "Delreisenes smertepunkter", "Schmerzpunkte der Teilreisen"),
    ("Opportunities of the sub-journeys", "Opportunities of the sub-journeys", "Delrejsernes muligheder", "Delresornas möjligheter", "Delreisenes muligheter", "Chancen der Teilreisen"),
    ("More", "More", "Flere", "Fler", "Flere", "Weitere"),
    ("Across the journeys of", "Across the journeys of", "På tværs af kunderejserne for", "Över kundresorna för", "På tvers av kundereisene til", "Über die Kundenreisen von"),
    ("The emotion curve of every journey this persona is in, where it hurts most, and the open opportunities at those steps.", "The emotion curve of every journey this persona is in, where it hurts most, and the open opportunities at those steps.", "Følelseskurven for hver kunderejse, personaen er med i, hvor det gør mest ondt, og de åbne muligheder ved de trin.", "Känslokurvan för varje kundresa personan finns i, var det gör mest ont, och de öppna möjligheterna vid de stegen.", "Følelseskurven for hver kundereise personaen er med i, hvor det gjør mest vondt, og de åpne mulighetene ved de stegene.", "Die Emotionskurve jeder Kundenreise dieser Persona, wo es am meisten schmerzt, und die offenen Chancen an diesen Schritten."),
    ("Opportunities that would help most", "Opportunities that would help most", "Muligheder, der ville hjælpe mest", "Möjligheter som skulle hjälpa mest", "Muligheter som ville hjelpe mest", "Chancen, die am meisten helfen würden"),
    ("Every journey and stage this persona appears in.", "Every journey and stage this persona appears in.", "Alle kunderejser og faser, personaen optræder i.", "Alla kundresor och faser personan finns i.", "Alle kundereiser og faser personaen er med i.", "Alle Kundenreisen und Phasen, in denen diese Persona vorkommt."),
    ("severe", "severe", "alvorlige", "allvarliga", "alvorlige", "schwer"),
    ("Evidence and freshness", "Evidence and freshness", "Dokumentation og aktualitet", "Underlag och aktualitet", "Dokumentasjon og aktualitet", "Belege und Aktualität"),
    (
        "Emotion from 1 (very negative, low) to 5 (very positive, high).",
        "Emotion from 1 (very negative, low) to 5 (very positive, high).",
        "Følelse fra 1 (meget negativ, lav) til 5 (meget positiv, høj).",
        "Känsla från 1 (mycket negativ, låg) till 5 (mycket positiv, hög).",
        "Følelse fra 1 (svært negativ, lav) til 5 (svært positiv, høy).",
        "Emotion von 1 (sehr negativ, unten) bis 5 (sehr positiv, oben).",
    ),
    (
        "Marks: pain points (red, by severity) and opportunities (green, by impact).",
        "Marks: pain points (red, by severity) and opportunities (green, by impact).",
        "Mærker: smertepunkter (røde, efter alvor) og muligheder (grønne, efter effekt).",
        "Markeringar: smärtpunkter (röda, efter allvarlighetsgrad) och möjligheter (gröna, efter effekt).",
        "Merker: smertepunkter (røde, etter alvorlighetsgrad) og muligheter (grønne, etter effekt).",
        "Markierungen: Schmerzpunkte (rot, nach Schweregrad) und Chancen (grün, nach Wirkung).",
    ),
    ("No steps added or removed.", "No steps added or removed.", "Ingen trin tilføjet eller fjernet.", "Inga steg tillagda eller borttagna.", "Ingen steg lagt til eller fjernet.", "Keine Schritte hinzugefügt oder entfernt."),
    # opportunities page
    (
        "Opportunities ranked by impact per effort; pain points ranked by severity.",
        "Opportunities ranked by impact per effort; pain points ranked by severity.",
        "Muligheder rangeret efter effekt i forhold til indsats; smertepunkter efter alvor.",
        "Möjligheter rangordnade efter effekt per insats; smärtpunkter efter allvarlighetsgrad.",
        "Muligheter rangert etter effekt per innsats; smertepunkter etter alvorlighetsgrad.",
        "Chancen nach Wirkung pro Aufwand geordnet; Schmerzpunkte nach Schweregrad.",
    ),
    ("Impact and effort", "Impact and effort", "Effekt og indsats", "Effekt och insats", "Effekt og innsats", "Wirkung und Aufwand"),
    (
        "Each cell counts the opportunities with that impact and effort and names their ranks in the list below; select a count to go to them.",
        "Each cell counts the opportunities with that impact and effort and names their ranks in the list below; select a count to go to them.",
        "Hver celle tæller mulighederne med den effekt og indsats og nævner deres placering i listen nedenfor; vælg et tal for at gå til dem.",
        "Varje ruta räknar möjligheterna med den effekten och insatsen och anger deras plats i listan nedan; välj ett tal för att gå till dem.",
        "Hver celle teller mulighetene med den effekten og innsatsen og oppgir plasseringen deres i listen nedenfor; velg et tall for å gå til dem.",
        "Jede Zelle zählt die Chancen mit dieser Wirkung und diesem Aufwand und nennt ihre Ränge in der Liste unten; eine Zahl wählen, um zu ihnen zu springen.",
    ),
    ("Low effort", "Low effort", "Lav indsats", "Låg insats", "Lav innsats", "Geringer Aufwand"),
    ("High effort", "High effort", "Høj indsats", "Hög insats", "Høy innsats", "Hoher Aufwand"),
    ("Low impact", "Low impact", "Lav effekt", "Låg effekt", "Lav effekt", "Geringe Wirkung"),
    ("High impact", "High impact", "Høj effekt", "Hög effekt", "Høy effekt", "Hohe Wirkung"),
    ("Quick wins", "Quick wins", "Hurtige gevinster", "Snabba vinster", "Raske gevinster", "Schnelle Erfolge"),
    ("Major projects", "Major projects", "Store projekter", "Stora projekt", "Store prosjekter", "Große Projekte"),
    ("Fill-ins", "Fill-ins", "Småopgaver", "Småuppgifter", "Småoppgaver", "Lückenfüller"),
    ("Thankless tasks", "Thankless tasks", "Utaknemmelige opgaver", "Otacksamma uppgifter", "Utakknemlige oppgaver", "Undankbare Aufgaben"),
    ("Filter the lists by journey, stage and owner.", "Filter the lists by journey, stage and owner.", "Filtrér listerne efter kunderejse, fase og ejer.", "Filtrera listorna efter kundresa, fas och ägare.", "Filtrer listene etter kundereise, fase og eier.", "Listen nach Kundenreise, Phase und Verantwortlichen filtern."),
    ("All", "All", "Alle", "Alla", "Alle", "Alle"),
    ("(none)", "(none)", "(ingen)", "(ingen)", "(ingen)", "(keine)"),
    # the preview's page of a failed build (`mkdocs serve`)
    ("The handbook could not be built", "The handbook could not be built", "Håndbogen kunne ikke bygges", "Handboken kunde inte byggas", "Håndboken kunne ikke bygges", "Das Handbuch konnte nicht gebaut werden"),
    ("Fix these problems and save: this page reloads by itself.", "Fix these problems and save: this page reloads by itself.", "Ret disse problemer og gem: siden genindlæses af sig selv.", "Åtgärda problemen och spara: sidan laddas om av sig själv.", "Rett disse problemene og lagre: siden lastes inn på nytt av seg selv.", "Beheben Sie diese Probleme und speichern Sie: Die Seite lädt sich von selbst neu."),
    # attribution and observed flow of maps/paths/ (render/paths.py)
    ("Attribution", "Attribution", "Attribuering", "Attribution", "Attribusjon", "Attribution"),
    ("Observed flow", "Observed flow", "Observeret forløb", "Observerat flöde", "Observert flyt", "Beobachteter Verlauf"),
    ("Most common paths", "Most common paths", "Hyppigste forløb", "Vanligaste vägar", "Vanligste stier", "Häufigste Pfade"),
    ("Paths", "Paths", "Forløb", "Vägar", "Stier", "Pfade"),
    ("Customer paths", "Customer paths", "Kundeforløb", "Kundvägar", "Kundestier", "Kundenpfade"),
    ("Conversions", "Conversions", "Konverteringer", "Konverteringar", "Konverteringer", "Konversionen"),
    ("Conversion rate", "Conversion rate", "Konverteringsrate", "Konverteringsgrad", "Konverteringsrate", "Konversionsrate"),
    ("Period", "Period", "Periode", "Period", "Periode", "Zeitraum"),
    ("First touch", "First touch", "Første berøring", "Första kontakt", "Første berøring", "Erster Kontakt"),
    ("Last touch", "Last touch", "Sidste berøring", "Sista kontakt", "Siste berøring", "Letzter Kontakt"),
    ("Linear", "Linear", "Lineær", "Linjär", "Lineær", "Linear"),
    ("Position-based", "Position-based", "Positionsbaseret", "Positionsbaserad", "Posisjonsbasert", "Positionsbasiert"),
    ("Data-driven", "Data-driven", "Datadrevet", "Datadriven", "Datadrevet", "Datengetrieben"),
    ("Last click over-values", "Last click over-values", "Sidste klik overvurderer", "Sista klick övervärderar", "Siste klikk overvurderer", "Last Click überbewertet"),
    ("Last click under-values", "Last click under-values", "Sidste klik undervurderer", "Sista klick undervärderar", "Siste klikk undervurderer", "Last Click unterbewertet"),
    ("no touchpoint", "no touchpoint", "intet berøringspunkt", "inget kontaktpunkt", "ingen kontaktpunkter", "keinen Kontaktpunkt"),
    ("percentage points", "percentage points", "procentpoint", "procentenheter", "prosentpoeng", "Prozentpunkte"),
    ("against", "against", "mod", "mot", "mot", "gegenüber"),
    (
        "Compared with the data-driven model; a gap of less than 5 points is not named.",
        "Compared with the data-driven model; a gap of less than 5 points is not named.",
        "Sammenlignet med den datadrevne model; en forskel under 5 point nævnes ikke.",
        "Jämfört med den datadrivna modellen; en skillnad under 5 enheter nämns inte.",
        "Sammenlignet med den datadrevne modellen; en forskjell under 5 poeng nevnes ikke.",
        "Verglichen mit dem datengetriebenen Modell; Abweichungen unter 5 Punkten werden nicht genannt.",
    ),
    (
        "Share of the conversions each touchpoint earns, by model",
        "Share of the conversions each touchpoint earns, by model",
        "Hvert berøringspunkts andel af konverteringerne, pr. model",
        "Varje kontaktpunkts andel av konverteringarna, per modell",
        "Hvert kontaktpunkts andel av konverteringene, per modell",
        "Anteil jedes Kontaktpunkts an den Konversionen, je Modell",
    ),
    ("starts", "starts", "starter", "inleder", "starter", "beginnt"),
    (
        "of converting paths; last click gives it",
        "of converting paths; last click gives it",
        "af de konverterende forløb; sidste klik giver det",
        "av de konverterande vägarna; sista klick ger det",
        "av de konverterende stiene; siste klikk gir det",
        "der konvertierenden Pfade; Last Click gibt ihm",
    ),
    ("Placed in a stage", "Placed in a stage", "Placeret i en fase", "Placerade i en fas", "Plassert i en fase", "Einer Phase zugeordnet"),
    (
        "of the paths return to an earlier stage",
        "of the paths return to an earlier stage",
        "af forløbene vender tilbage til en tidligere fase",
        "av vägarna återvänder till en tidigare fas",
        "av stiene vender tilbake til en tidligere fase",
        "der Pfade kehren zu einer früheren Phase zurück",
    ),
    ("Stages visited, in order", "Stages visited, in order", "Besøgte faser, i rækkefølge", "Besökta faser, i ordning", "Besøkte faser, i rekkefølge", "Besuchte Phasen, der Reihe nach"),
    ("moves between stages", "moves between stages", "skift mellem faser", "övergångar mellan faser", "overganger mellom faser", "Wechsel zwischen Phasen"),
    ("back to an earlier stage", "back to an earlier stage", "tilbage til en tidligere fase", "tillbaka till en tidigare fas", "tilbake til en tidligere fase", "zurück zu einer früheren Phase"),
    ("The table below lists them.", "The table below lists them.", "Tabellen nedenfor viser dem.", "Tabellen nedan listar dem.", "Tabellen nedenfor viser dem.", "Die Tabelle unten listet sie auf."),
    ("Forward", "Forward", "Fremad", "Framåt", "Fremover", "Vorwärts"),
    ("Back to an earlier stage", "Back to an earlier stage", "Tilbage til en tidligere fase", "Tillbaka till en tidigare fas", "Tilbake til en tidligere fase", "Zurück zu einer früheren Phase"),
    (
        "Rows: the designed stages in order; columns: the first, second, ... stage visited.",
        "Rows: the designed stages in order; columns: the first, second, ... stage visited.",
        "Rækker: de planlagte faser i rækkefølge; kolonner: den første, anden, ... besøgte fase.",
        "Rader: de planerade faserna i ordning; kolumner: den första, andra, ... besökta fasen.",
        "Rader: de planlagte fasene i rekkefølge; kolonner: den første, andre, ... besøkte fasen.",
        "Zeilen: die geplanten Phasen der Reihe nach; Spalten: die erste, zweite, ... besuchte Phase.",
    ),
    (
        "The most walked stage sequences, with their conversion rate",
        "The most walked stage sequences, with their conversion rate",
        "De oftest gåede faseforløb, med deres konverteringsrate",
        "De oftast gångna fasföljderna, med deras konverteringsgrad",
        "De oftest gåtte faseforløpene, med konverteringsraten deres",
        "Die am häufigsten gegangenen Phasenfolgen, mit ihrer Konversionsrate",
    ),
    (
        "Customer paths that go on after the last column",
        "Customer paths that go on after the last column",
        "Kundeforløb, der fortsætter efter sidste kolonne",
        "Kundvägar som fortsätter efter sista kolumnen",
        "Kundestier som fortsetter etter siste kolonne",
        "Kundenpfade, die nach der letzten Spalte weitergehen",
    ),
    ("Moves between stages", "Moves between stages", "Skift mellem faser", "Övergångar mellan faser", "Overganger mellom faser", "Wechsel zwischen Phasen"),
    ("From stage", "From stage", "Fra fase", "Från fas", "Fra fase", "Von Phase"),
    ("To stage", "To stage", "Til fase", "Till fas", "Til fase", "Zu Phase"),
    ("Direction", "Direction", "Retning", "Riktning", "Retning", "Richtung"),
    ("Not placed in a stage", "Not placed in a stage", "Ikke placeret i en fase", "Inte placerade i en fas", "Ikke plassert i en fase", "Keiner Phase zugeordnet"),
    (
        "elements the journey uses in no stage or in more than one",
        "elements the journey uses in no stage or in more than one",
        "elementer rejsen bruger i ingen fase eller i flere",
        "element som resan använder i ingen fas eller i flera",
        "elementer reisen bruker i ingen fase eller i flere",
        "Elemente, die die Reise in keiner oder in mehr als einer Phase nutzt",
    ),
    ("none", "none", "ingen", "inga", "ingen", "keine"),
    ("Share of conversions", "Share of conversions", "Andel af konverteringer", "Andel av konverteringar", "Andel av konverteringer", "Anteil an den Konversionen"),
    (
        "Its share of each journey's conversions under each attribution model, from the journey's latest path files.",
        "Its share of each journey's conversions under each attribution model, from the journey's latest path files.",
        "Dets andel af hver rejses konverteringer under hver attributionsmodel, fra rejsens seneste forløbsfiler.",
        "Dess andel av varje resas konverteringar under varje attributionsmodell, från resans senaste vägfiler.",
        "Dets andel av hver reises konverteringer under hver attribusjonsmodell, fra reisens nyeste stifiler.",
        "Sein Anteil an den Konversionen jeder Reise nach jedem Attributionsmodell, aus den neuesten Pfaddateien der Reise.",
    ),
)
# fmt: on

TRANSLATIONS: dict[str, dict[str, str]] = {
    language: {row[0]: row[column] for row in _LABELS}
    for column, language in enumerate(LANGUAGES, start=1)
}
"""Every label per language: {language: {key: text}}."""


class _HasTitle(Protocol):
    @property
    def title(self) -> str: ...


_Titled = TypeVar("_Titled", bound=_HasTitle)

# Languages whose numbers are written with a decimal comma.
_DECIMAL_COMMA = frozenset({"da", "sv", "nb", "de"})


def language_code(language: str | None) -> str:
    """The two-letter code a theme language stands for (`da`, `de`, ...); `en` if unset."""
    return (language or "en").split("-")[0].split("_")[0].lower()


class Translator:
    """Translates English labels into one language and remembers every label it was asked for.

    Unknown languages and unknown labels fall back to English (the label
    itself); `used` lets the tests check that every label a build wrote has a
    translation.
    """

    def __init__(self, language: str | None) -> None:
        self.language = language_code(language)
        self.table = TRANSLATIONS.get(self.language, {})
        self.used: set[str] = set()

    def __call__(self, label: str) -> str:
        if label:
            self.used.add(label)
        return self.table.get(label) or TRANSLATIONS["en"].get(label, label)

    def number(self, value: float, decimals: int = 1) -> str:
        """A number as the language writes it: at most `decimals` decimals, no trailing zeros."""
        text = f"{value:.{decimals}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        if text == "-0":
            text = "0"
        return self.decimal(text)

    def sort_key(self, text: str) -> tuple[object, ...]:
        """A key that sorts texts alphabetically in the language (see `collation_key`)."""
        return collation_key(text, self.language)

    def by_title(self, documents: Iterable[_Titled]) -> list[_Titled]:
        """Journeys, personas, touchpoints, ... in alphabetical order of their titles."""
        return sorted(documents, key=lambda document: self.sort_key(document.title))

    def percent(self, fraction: float, decimals: int = 1) -> str:
        """A fraction (0.62) as a percentage as the language writes one (CLDR, by Babel):
        English "62%", Danish "62 %" (a no-break space); at most `decimals` decimals."""
        return self.percent_of(self.number(fraction * 100, decimals))

    def percent_of(self, number: str) -> str:
        """A number already written in the language ("3,25") as a percentage ("3,25 %")."""
        prefix, suffix = _percent_affixes(self.language)
        return f"{prefix}{number}{suffix}"

    def decimal(self, text: str) -> str:
        """A number written with a decimal point ("3.25") in the language's way ("3,25")."""
        return text.replace(".", ",") if self.language in _DECIMAL_COMMA else text


@functools.lru_cache(maxsize=16)
def _percent_affixes(language: str) -> tuple[str, str]:
    """What the language's CLDR percent pattern writes before and after a positive number,
    with its percent sign: ("", "%") in English, ("", "\\xa0%") in Danish."""
    # A language the handbook has no labels for reads English, numbers included.
    locale = babel.Locale.parse(language if language in TRANSLATIONS else "en")
    pattern = babel.numbers.parse_pattern(locale.percent_formats[None].pattern)
    sign = locale.number_symbols["latn"]["percentSign"]
    prefix, suffix = pattern.prefix[0], pattern.suffix[0]
    return prefix.replace("%", sign), suffix.replace("%", sign)


# -- sorting by title ------------------------------------------------------------------
#
# Lists are sorted by title the way readers of the site's language expect. The
# well-kept collation libraries do not fit a MkDocs plugin: PyICU needs ICU's C++
# headers and a compiler on every machine that installs the plugin, icu4py has no
# collator, and pyuca (last release 2017) knows only the root order, which puts
# "Ø" next to "O" and "Å" next to "A", wrong for Danish, Norwegian and Swedish.
# So the key is the Unicode Collation Algorithm's idea in small: letters compared
# without accents and case first (from Unicode's canonical decomposition), then
# accents, then case; plus the few tailorings of CLDR's collation rules for our
# languages, where letters with a ring, stroke or diaeresis are letters of their
# own that come after "z".
_AFTER_Z: dict[str, dict[str, int]] = {
    # CLDR da, nb, after z: æ <<< Æ << ä < ø << ö < å <<< aa.
    "da": {"æ": 1, "ä": 1, "ø": 2, "ö": 2, "ő": 2, "å": 3},
    "nb": {"æ": 1, "ä": 1, "ø": 2, "ö": 2, "ő": 2, "å": 3},
    # CLDR sv, after z: å < ä << æ << ę < ö << ø << ő << œ.
    "sv": {"å": 1, "ä": 2, "æ": 2, "ę": 2, "ö": 3, "ø": 3, "ő": 3, "œ": 3},
}
# Danish and Norwegian sort the old spelling "aa" as "å" (Aalborg after Zealand).
_AA_IS_Å = frozenset({"da", "nb"})
# Letters that sort as others (a secondary difference): those Unicode does not
# decompose, as the root collation orders them, and CLDR's ü = y for da, nb, sv.
_ROOT_SORTS_AS = {"æ": "ae", "ø": "o", "œ": "oe", "đ": "d", "ð": "d", "ł": "l", "þ": "th"}
_SORTS_AS = {
    "da": {**_ROOT_SORTS_AS, "ü": "y"},
    "nb": {**_ROOT_SORTS_AS, "ü": "y"},
    "sv": {**_ROOT_SORTS_AS, "ü": "y"},
}
_Z = ord("z")


@functools.lru_cache(maxsize=16384)
def collation_key(text: str, language: str | None) -> tuple[object, ...]:
    """A sort key for `text` in `language`: alphabetical as its readers expect.

    Compares letters first (ignoring accents and case, except the letters a
    language tailors), then accents, then case; the text itself breaks ties,
    so equal keys never leave the order to chance.
    """
    code = language_code(language)
    after_z = _AFTER_Z.get(code, {})
    sorts_as = _SORTS_AS.get(code, _ROOT_SORTS_AS)
    folded = unicodedata.normalize("NFC", text).casefold()
    if code in _AA_IS_Å:
        folded = folded.replace("aa", "å")
    primary: list[tuple[int, int]] = []
    secondary: list[str] = []
    for character in folded:
        if character in after_z:
            primary.append((_Z, after_z[character]))
            secondary.append(character)
            continue
        decomposed = unicodedata.normalize("NFKD", sorts_as.get(character, character))
        primary.extend((ord(c), 0) for c in decomposed if not unicodedata.combining(c))
        # The letter itself when it sorts as another: "Ørsted" after "Orsted".
        marks = "".join(c for c in decomposed if unicodedata.combining(c))
        secondary.append(marks if character not in sorts_as else character)
    tertiary = tuple(not c.islower() for c in text if c.isalpha())
    return (tuple(primary), tuple(secondary), tertiary, text)


def translator(language: str | None) -> Translator:
    """A function that translates an English label into `language` (English if unknown)."""
    return Translator(language)
