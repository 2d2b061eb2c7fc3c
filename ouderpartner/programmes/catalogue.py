"""The national catalogue of programmes a workspace can copy from (data in code, not in the database).

The descriptions are our own short summaries of what each programme publicly is; a workspace copies an
entry and then adapts it to how it runs locally. No figures or claims of effect are given here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ouderpartner.programmes.models import Approach, Audience, PolicyDomain, Programme

D = PolicyDomain.Builtin
A = Approach


@dataclass(frozen=True)
class CatalogueEntry:
    key: str
    name: str
    description_nl: str
    description_en: str
    website: str
    kind: str
    age_from_months: int
    age_to_months: int
    audience: str
    languages: tuple[str, ...]
    policy_domains: tuple[str, ...]
    approaches: tuple[str, ...]
    funding_nl: str
    funding_en: str
    transitions: tuple[str, ...]

    def description_for(self, language: str | None) -> str:
        return self.description_nl if (language or "nl").startswith("nl") else self.description_en

    def funding_source_for(self, language: str | None) -> str:
        return self.funding_nl if (language or "nl").startswith("nl") else self.funding_en

    @property
    def reaches_parents(self) -> bool:
        return self.audience in (Audience.PARENTS, Audience.PARENTS_WITH_CHILDREN)


NATIONAL = Programme.Kind.NATIONAL
LOCAL = Programme.Kind.LOCAL

CATALOGUE: tuple[CatalogueEntry, ...] = (
    CatalogueEntry(
        key="boekstart",
        name="BoekStart",
        description_nl=(
            "Landelijk leesbevorderingsprogramma van Stichting Lezen en de Koninklijke Bibliotheek, "
            "uitgevoerd door bibliotheken samen met consultatiebureaus en kinderopvang. Ouders van baby's "
            "worden uitgenodigd om hun kind lid te maken van de bibliotheek en krijgen een koffertje met "
            "boekjes; zo gaan ouders al vroeg samen met hun kind boekjes lezen. BoekStart in de "
            "kinderopvang brengt voorlezen ook naar de opvang."
        ),
        description_en=(
            "National reading programme of Stichting Lezen (the Dutch Reading Foundation) and the National "
            "Library, carried out by public libraries with child health clinics and childcare. Parents of "
            "babies are invited to make their child a library member and receive a case with baby books, "
            "so that they start sharing books with their child early. BoekStart in childcare brings "
            "reading aloud into childcare settings too."
        ),
        website="https://www.boekstart.nl",
        kind=NATIONAL,
        age_from_months=0,
        age_to_months=48,
        audience=Audience.PARENTS_WITH_CHILDREN,
        languages=(),
        policy_domains=(D.EARLY_EDUCATION, D.EDUCATION, D.HEALTH),
        approaches=(A.NETWORK, A.CONTINUOUS_LINE),
        funding_nl="Bibliotheek (gemeentelijke subsidie), met landelijke ondersteuning",
        funding_en="Library (municipal grant), with national support",
        transitions=("birth", "preschool"),
    ),
    CatalogueEntry(
        key="vve-thuis",
        name="VVE Thuis",
        description_nl=(
            "Programma voor ouderbetrokkenheid dat aansluit bij de thema's van het VVE-programma op de "
            "voorschool en in groep 1 en 2. In ouderbijeenkomsten op de voorschool of school krijgen "
            "ouders uitleg en materiaal mee, zodat ze thuis met hun kind spelen, praten en voorlezen "
            "over hetzelfde thema als in de groep."
        ),
        description_en=(
            "Parental involvement programme that follows the themes of the early education (VVE) "
            "programme at preschool and in school groups 1 and 2. At parent meetings at the preschool or "
            "school, parents get an explanation and materials to take home, so that they play, talk and "
            "read with their child about the same theme as in the group."
        ),
        website="https://www.vvethuis.nl",
        kind=NATIONAL,
        age_from_months=24,
        age_to_months=72,
        audience=Audience.PARENTS_WITH_CHILDREN,
        languages=(),
        policy_domains=(D.EARLY_EDUCATION, D.EDUCATION, D.EQUAL_OPPORTUNITIES),
        approaches=(A.NETWORK, A.CONTINUOUS_LINE),
        funding_nl="Gemeente (middelen onderwijsachterstandenbeleid)",
        funding_en="Municipality (budget for policy against educational disadvantage)",
        transitions=("preschool", "school"),
    ),
    CatalogueEntry(
        key="tel-mee-met-taal",
        name="Tel mee met Taal",
        description_nl=(
            "Landelijk actieprogramma van de Rijksoverheid tegen laaggeletterdheid, met aandacht voor "
            "taal, rekenen en digitale vaardigheden van volwassenen en voor taalstimulering in het gezin. "
            "Gemeenten en organisaties kunnen binnen het programma subsidie aanvragen voor activiteiten, "
            "bijvoorbeeld voor ouders die hun kind willen helpen met lezen."
        ),
        description_en=(
            "National action programme of the Dutch government against low literacy, covering adults' "
            "language, numeracy and digital skills and language stimulation in the family. Within the "
            "programme, municipalities and organisations can apply for grants for activities, for example "
            "for parents who want to help their child with reading."
        ),
        website="https://www.telmeemettaal.nl",
        kind=NATIONAL,
        age_from_months=0,
        age_to_months=216,
        audience=Audience.PARENTS,
        languages=(),
        policy_domains=(D.ADULT_EDUCATION, D.EDUCATION, D.INCLUSION),
        approaches=(A.INTEGRAL,),
        funding_nl="Rijksoverheid (subsidies binnen het programma) en gemeente",
        funding_en="National government (grants within the programme) and municipality",
        transitions=(),
    ),
    CatalogueEntry(
        key="alliantie-kinderarmoede",
        name="Lokale alliantie Kinderarmoede",
        description_nl=(
            "De Alliantie Kinderarmoede is een landelijk netwerk van gemeenten, maatschappelijke "
            "organisaties, scholen en bedrijven die kinderarmoede samen willen aanpakken. In een lokale "
            "alliantie maken partijen in één gemeente afspraken over hoe ze gezinnen met weinig geld "
            "bereiken en ondersteunen, zodat kinderen mee kunnen doen."
        ),
        description_en=(
            "The Alliantie Kinderarmoede (Child Poverty Alliance) is a national network of municipalities, "
            "community organisations, schools and companies that want to tackle child poverty together. In "
            "a local alliance, the parties in one municipality agree how they reach and support families "
            "with little money, so that children can take part."
        ),
        website="https://www.alliantiekinderarmoede.nl",
        kind=NATIONAL,
        age_from_months=0,
        age_to_months=216,
        audience=Audience.PARENTS_WITH_CHILDREN,
        languages=(),
        policy_domains=(D.POVERTY, D.INCLUSION, D.YOUTH, D.WELFARE),
        approaches=(A.INTEGRAL, A.NETWORK),
        funding_nl="Gemeente (armoedebeleid) en lokale partners",
        funding_en="Municipality (poverty policy) and local partners",
        transitions=(),
    ),
    CatalogueEntry(
        key="voorleesexpress",
        name="VoorleesExpress",
        description_nl=(
            "Een vrijwilliger komt een aantal maanden wekelijks bij een gezin thuis om voor te lezen en "
            "samen met de kinderen met taal bezig te zijn. Ouders zien hoe ze zelf het lezen en praten "
            "thuis kunnen stimuleren. Lokale projecten worden meestal uitgevoerd door een bibliotheek of "
            "welzijnsorganisatie."
        ),
        description_en=(
            "A volunteer visits a family at home once a week for a number of months to read aloud and do "
            "language activities with the children. Parents see how they can encourage reading and talking "
            "at home themselves. Local projects are usually run by a library or welfare organisation."
        ),
        website="https://www.voorleesexpress.nl",
        kind=NATIONAL,
        age_from_months=24,
        age_to_months=96,
        audience=Audience.PARENTS_WITH_CHILDREN,
        languages=("nl",),
        policy_domains=(D.EDUCATION, D.EARLY_EDUCATION, D.EQUAL_OPPORTUNITIES),
        approaches=(A.NETWORK,),
        funding_nl="Gemeente en fondsen, via de lokale uitvoerder",
        funding_en="Municipality and charitable funds, through the local provider",
        transitions=("preschool", "school", "group_3"),
    ),
    CatalogueEntry(
        key="taalhuis",
        name="Taalhuis",
        description_nl=(
            "Een vaste, laagdrempelige plek, vaak in de bibliotheek, waar volwassenen terechtkunnen die "
            "beter willen leren lezen, schrijven, rekenen of met de computer willen werken. Vrijwilligers "
            "en partners zoals volwasseneneducatie en welzijn helpen hen op weg naar een passend aanbod; "
            "ook ouders die hun kind beter willen kunnen helpen."
        ),
        description_en=(
            "A fixed, low-threshold place, often in the library, for adults who want to improve their "
            "reading, writing, numeracy or computer skills. Volunteers and partners such as adult education "
            "and welfare help them find suitable courses; this includes parents who want to be better able "
            "to help their child."
        ),
        website="https://www.lezenenschrijven.nl",
        kind=NATIONAL,
        age_from_months=0,
        age_to_months=252,
        audience=Audience.PARENTS,
        languages=("nl",),
        policy_domains=(D.ADULT_EDUCATION, D.INCLUSION),
        approaches=(A.INTEGRAL, A.NETWORK),
        funding_nl="Gemeente (budget volwasseneneducatie) en bibliotheek",
        funding_en="Municipality (adult education budget) and library",
        transitions=(),
    ),
    CatalogueEntry(
        key="stevig-ouderschap",
        name="Stevig Ouderschap",
        description_nl=(
            "Preventief programma van de jeugdgezondheidszorg voor ouders van een pasgeboren kind bij wie "
            "extra steun helpt. Een jeugdverpleegkundige bezoekt het gezin in de eerste anderhalf jaar "
            "een aantal keren thuis en praat met de ouders over hun rol als ouder, hun zorgen en wat goed "
            "gaat."
        ),
        description_en=(
            "Preventive programme of youth health care for parents of a newborn child who would benefit "
            "from extra support. A youth health nurse visits the family at home several times in the first "
            "year and a half and talks with the parents about their role as parents, their worries and what "
            "is going well."
        ),
        website="https://www.stevigouderschap.nl",
        kind=NATIONAL,
        age_from_months=0,
        age_to_months=18,
        audience=Audience.PARENTS,
        languages=(),
        policy_domains=(D.HEALTH, D.YOUTH),
        approaches=(A.CONTINUOUS_LINE,),
        funding_nl="Gemeente (jeugdgezondheidszorg)",
        funding_en="Municipality (youth health care)",
        transitions=("birth",),
    ),
    CatalogueEntry(
        key="opstapje",
        name="Opstapje",
        description_nl=(
            "Thuisprogramma voor ouders met een peuter. Een bezoekster komt regelmatig bij het gezin "
            "thuis met spelletjes, boekjes en opdrachten, en er zijn groepsbijeenkomsten voor ouders. "
            "Ouders leren hoe ze de ontwikkeling van hun kind spelenderwijs stimuleren, als voorbereiding "
            "op de voorschool en de basisschool."
        ),
        description_en=(
            "Home-based programme for parents with a toddler. A home visitor comes to the family regularly "
            "with games, books and activities, and there are group meetings for parents. Parents learn how "
            "to encourage their child's development through play, as preparation for preschool and primary "
            "school."
        ),
        website="",
        kind=NATIONAL,
        age_from_months=18,
        age_to_months=48,
        audience=Audience.PARENTS_WITH_CHILDREN,
        languages=(),
        policy_domains=(D.EARLY_EDUCATION, D.EQUAL_OPPORTUNITIES),
        approaches=(A.CONTINUOUS_LINE,),
        funding_nl="Gemeente (middelen onderwijsachterstandenbeleid)",
        funding_en="Municipality (budget for policy against educational disadvantage)",
        transitions=("preschool",),
    ),
    CatalogueEntry(
        key="opstap",
        name="Opstap",
        description_nl=(
            "Thuisprogramma voor ouders met een kind in groep 1 en 2. Ouders doen dagelijks korte "
            "activiteiten met hun kind, met materiaal dat een bezoekster of contactmoeder brengt en "
            "uitlegt; daarnaast zijn er groepsbijeenkomsten. Het sluit aan op wat kinderen op school leren."
        ),
        description_en=(
            "Home-based programme for parents with a child in school groups 1 and 2. Parents do short "
            "activities with their child every day, with materials that a home visitor brings and explains; "
            "there are also group meetings. It connects with what children learn at school."
        ),
        website="",
        kind=NATIONAL,
        age_from_months=48,
        age_to_months=78,
        audience=Audience.PARENTS_WITH_CHILDREN,
        languages=(),
        policy_domains=(D.EDUCATION, D.EQUAL_OPPORTUNITIES),
        approaches=(A.CONTINUOUS_LINE,),
        funding_nl="Gemeente (middelen onderwijsachterstandenbeleid)",
        funding_en="Municipality (budget for policy against educational disadvantage)",
        transitions=("school", "group_3"),
    ),
    CatalogueEntry(
        key="spelenderwijs",
        name="Spelenderwijs",
        description_nl=(
            "Voorbeeld van een lokaal programma: speel- en leerbijeenkomsten voor ouders en jonge kinderen, "
            "bijvoorbeeld op een voorschool, in de bibliotheek of in het buurthuis, waar ouders ideeën "
            "opdoen om thuis met hun kind te spelen en te praten. Pas de beschrijving aan aan hoe het in "
            "uw gemeente loopt."
        ),
        description_en=(
            "Example of a local programme: play-and-learn meetings for parents and young children, for "
            "example at a preschool, the library or a community centre, where parents pick up ideas for "
            "playing and talking with their child at home. Adapt the description to how it runs in your "
            "municipality."
        ),
        website="",
        kind=LOCAL,
        age_from_months=0,
        age_to_months=48,
        audience=Audience.PARENTS_WITH_CHILDREN,
        languages=(),
        policy_domains=(D.EARLY_EDUCATION, D.WELFARE),
        approaches=(A.NETWORK,),
        funding_nl="Gemeente",
        funding_en="Municipality",
        transitions=("preschool",),
    ),
    CatalogueEntry(
        key="ouderkamer",
        name="Ouderkamer",
        description_nl=(
            "Voorbeeld van een lokaal programma: een ruimte in of bij de school waar ouders elkaar "
            "ontmoeten, koffie drinken en vragen kunnen stellen, vaak met een ouderconsulent of "
            "brede-schoolcoördinator. Er worden ook voorlichtingen gehouden, bijvoorbeeld over opvoeding, "
            "taal of de overstap naar het voortgezet onderwijs."
        ),
        description_en=(
            "Example of a local programme: a room in or near the school where parents meet, have coffee and "
            "can ask questions, often with a parent consultant or community school coordinator. Information "
            "meetings are held there too, for example on parenting, language or the move to secondary school."
        ),
        website="",
        kind=LOCAL,
        age_from_months=48,
        age_to_months=144,
        audience=Audience.PARENTS,
        languages=(),
        policy_domains=(D.EDUCATION, D.INCLUSION, D.WELFARE),
        approaches=(A.NETWORK,),
        funding_nl="School en gemeente",
        funding_en="School and municipality",
        transitions=("school", "secondary"),
    ),
    CatalogueEntry(
        key="taalcafe",
        name="Taalcafé",
        description_nl=(
            "Voorbeeld van een lokaal programma: een vaste, vrij toegankelijke bijeenkomst, vaak in de "
            "bibliotheek of een buurthuis, waar anderstalige volwassenen onder begeleiding van "
            "vrijwilligers Nederlands oefenen door met elkaar te praten."
        ),
        description_en=(
            "Example of a local programme: a regular, open meeting, often in the library or a community "
            "centre, where adults who speak other languages practise Dutch by talking together, guided by "
            "volunteers."
        ),
        website="",
        kind=LOCAL,
        age_from_months=0,
        age_to_months=252,
        audience=Audience.PARENTS,
        languages=("nl",),
        policy_domains=(D.ADULT_EDUCATION, D.INCLUSION),
        approaches=(A.INTEGRAL,),
        funding_nl="Gemeente en bibliotheek of welzijnsorganisatie",
        funding_en="Municipality and library or welfare organisation",
        transitions=(),
    ),
)

_BY_KEY = {entry.key: entry for entry in CATALOGUE}


def get_entry(key: str) -> CatalogueEntry | None:
    return _BY_KEY.get(key)


def entries() -> tuple[CatalogueEntry, ...]:
    return CATALOGUE
