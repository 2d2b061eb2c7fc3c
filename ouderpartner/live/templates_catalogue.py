"""Meeting templates as data: a knowledge meeting on parental involvement, a parent evening, a city-wide event.

Texts for policy officers are Dutch and English; texts for parents are plain Dutch (B1) with English,
Arabic and Turkish. Facilitators add their other languages after copying. A scale's `scale_labels`
hold both ends as "low|high" per language (see Prompt.scale_ends).
"""

from __future__ import annotations

from typing import Any

PARENT_LANGUAGES = ["nl", "en", "ar", "tr"]


def _t(nl: str, en: str, ar: str = "", tr: str = "") -> dict[str, str]:
    texts = {"nl": nl, "en": en}
    if ar:
        texts["ar"] = ar
    if tr:
        texts["tr"] = tr
    return texts


def _option(value: str, label: dict[str, str], pictogram: str = "") -> dict[str, Any]:
    return {"value": value, "label": label, "pictogram": pictogram}


def _prompt(kind: str, text: dict[str, str], **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "text": text, "options": extra.pop("options", []), **extra}


KNOWLEDGE_MEETING: dict[str, Any] = {
    "key": "knowledge-meeting",
    "name": _t("Kennisbijeenkomst ouderbetrokkenheid", "Knowledge meeting on parental involvement"),
    "description": _t(
        "Voor beleidsmedewerkers: vooraf inventariseren waar elke gemeente staat en wat zij wil vragen; "
        "tijdens de bijeenkomst wat ouderbeleid succesvol maakt, de drie belangrijkste aspecten, op welk "
        "niveau u begint, en vragen.",
        "For policy officers: beforehand, where each municipality stands and what it wants to ask; during "
        "the meeting, what makes parent policy successful, the three most important aspects, which level to "
        "start on, and questions.",
    ),
    "languages": ["nl", "en"],
    "moderate_text": False,
    "allow_change_vote": True,
    "prompts": [
        _prompt(
            "open_text",
            _t(
                "Waar staat uw gemeente nu met ouderbetrokkenheid? Beschrijf kort uw startpunt.",
                "Where does your municipality stand with parental involvement? Briefly describe your starting point.",
            ),
            collect=True,
            max_length=500,
            max_entries=2,
        ),
        _prompt(
            "word_cloud",
            _t("Wat maakt ouderbeleid succesvol?", "What makes parent policy successful?"),
            max_length=40,
            max_entries=3,
        ),
        _prompt(
            "multiple_choice",
            _t(
                "Kies de drie belangrijkste aspecten van succesvol ouderbeleid.",
                "Choose the three most important aspects of successful parent policy.",
            ),
            max_choices=3,
            hide_results=True,
            options=[
                _option(
                    "clear-message",
                    _t("Eén heldere boodschap vanuit de gemeente", "One clear message from the municipality"),
                ),
                _option(
                    "communication",
                    _t(
                        "Goede communicatie en contact met alle partijen",
                        "Good communication and contact with all parties",
                    ),
                ),
                _option(
                    "with-parents",
                    _t("Denken met en vanuit ouders", "Thinking with and from parents"),
                ),
                _option(
                    "trusted-places",
                    _t(
                        "Ouders bereiken op plekken waar zij al komen (vindplaatsen)",
                        "Reaching parents where they already come (trusted places)",
                    ),
                ),
                _option(
                    "shared-ambitions",
                    _t(
                        "Ambities die de gemeente deelt met haar partners",
                        "Ambitions the municipality shares with its partners",
                    ),
                ),
                _option(
                    "continuous-line",
                    _t(
                        "Een doorgaande lijn van 0 tot 21 jaar, met aandacht voor de overgangen",
                        "A continuous line from 0 to 21, with attention to the transitions",
                    ),
                ),
                _option(
                    "integral",
                    _t(
                        "Verbinding met andere beleidsterreinen: gezondheid, armoede, volwasseneneducatie",
                        "Links with other policy areas: health, poverty, adult education",
                    ),
                ),
                _option(
                    "low-threshold",
                    _t(
                        "Laagdrempelig en meertalig: beeld, video en gesproken taal",
                        "Low-threshold and multilingual: pictures, video and spoken language",
                    ),
                ),
                _option(
                    "measure",
                    _t(
                        "Meten wat werkt: bereik en wat ouders zeggen volgen",
                        "Measuring what works: following reach and what parents say",
                    ),
                ),
            ],
        ),
        _prompt(
            "single_choice",
            _t("Op welk niveau wilt u beginnen?", "Which level do you want to start on?"),
            hide_results=True,
            options=[
                _option("level-1", _t("Niveau 1: ouders bereiken", "Level 1: reaching parents")),
                _option(
                    "level-2",
                    _t(
                        "Niveau 2: samenwerking van scholen en VE-aanbieders met ouders",
                        "Level 2: schools and early-education providers working together with parents",
                    ),
                ),
                _option(
                    "level-3",
                    _t("Niveau 3: het gemeentelijk beleidskader", "Level 3: the municipal policy framework"),
                ),
            ],
        ),
        _prompt(
            "ranking",
            _t(
                "Welke werkwijze past het best bij uw gemeente? Zet ze in volgorde.",
                "Which way of working suits your municipality best? Put them in order.",
            ),
            options=[
                _option(
                    "network",
                    _t(
                        "Netwerkaanpak: dicht bij scholen en kinderopvang",
                        "Network approach: close to schools and childcare",
                    ),
                ),
                _option(
                    "continuous-line",
                    _t(
                        "Doorgaande lijn 0-21 en de schakelmomenten",
                        "Continuous line 0-21 and the transitions",
                    ),
                ),
                _option(
                    "integral",
                    _t("Integraal beleid over beleidsterreinen heen", "Integral policy across policy areas"),
                ),
            ],
        ),
        _prompt(
            "qa",
            _t(
                "Welke vraag wilt u hier stellen? Steun ook de vragen van anderen.",
                "Which question do you want to ask here? Support other people's questions too.",
            ),
            collect=True,
            max_length=280,
            max_entries=3,
        ),
    ],
}

PARENT_EVENING: dict[str, Any] = {
    "key": "parent-evening",
    "name": _t("Ouderavond", "Parent evening", "أمسية أولياء الأمور", "Veli akşamı"),
    "description": _t(
        "Voor een school of voorschool: korte vragen met plaatjes, in de talen van de ouders, en vragen aan de school.",
        "For a school or preschool: short questions with pictures, in the parents' languages, and questions for the school.",
    ),
    "languages": PARENT_LANGUAGES,
    "moderate_text": True,
    "allow_change_vote": True,
    "prompts": [
        _prompt(
            "scale",
            _t(
                "Hoe blij bent u met de school van uw kind?",
                "How happy are you with your child's school?",
                "ما مدى رضاك عن مدرسة طفلك؟",
                "Çocuğunuzun okulundan ne kadar memnunsunuz?",
            ),
            scale_min=1,
            scale_max=5,
            scale_style="faces",
        ),
        _prompt(
            "pictogram",
            _t(
                "Waar wilt u meer over weten?",
                "What would you like to know more about?",
                "عن ماذا تريد أن تعرف أكثر؟",
                "Neyi daha çok öğrenmek istersiniz?",
            ),
            options=[
                _option(
                    "reading",
                    _t("Voorlezen en taal", "Reading and language", "القراءة واللغة", "Kitap okuma ve dil"),
                    "1F4DA",
                ),
                _option(
                    "learning",
                    _t(
                        "Wat mijn kind leert",
                        "What my child learns",
                        "ما يتعلمه طفلي",
                        "Çocuğumun öğrendikleri",
                    ),
                    "1F3EB",
                ),
                _option(
                    "health",
                    _t("Gezondheid en slapen", "Health and sleep", "الصحة والنوم", "Sağlık ve uyku"),
                    "1FA7A",
                ),
                _option(
                    "play", _t("Spelen en sport", "Play and sport", "اللعب والرياضة", "Oyun ve spor"), "26BD"
                ),
                _option(
                    "screens",
                    _t(
                        "Telefoon en schermen", "Phones and screens", "الهاتف والشاشات", "Telefon ve ekranlar"
                    ),
                    "1F4F1",
                ),
            ],
        ),
        _prompt(
            "pictogram",
            _t(
                "Hoe wilt u van de school horen?",
                "How would you like to hear from the school?",
                "كيف تريد أن تسمع من المدرسة؟",
                "Okuldan nasıl haber almak istersiniz?",
            ),
            options=[
                _option("talk", _t("Een gesprek", "A conversation", "محادثة", "Bir görüşme"), "1F4AC"),
                _option(
                    "phone",
                    _t(
                        "Een bericht op mijn telefoon",
                        "A message on my phone",
                        "رسالة على هاتفي",
                        "Telefonuma mesaj",
                    ),
                    "1F4F1",
                ),
                _option("letter", _t("Een brief", "A letter", "رسالة مكتوبة", "Bir mektup"), "1F4DD"),
                _option(
                    "meeting",
                    _t(
                        "Samen met andere ouders",
                        "Together with other parents",
                        "مع أولياء أمور آخرين",
                        "Diğer velilerle birlikte",
                    ),
                    "1F46A",
                ),
            ],
        ),
        _prompt(
            "word_cloud",
            _t(
                "Wat doet u graag samen met uw kind? Eén woord.",
                "What do you like doing with your child? One word.",
                "ماذا تحب أن تفعل مع طفلك؟ كلمة واحدة.",
                "Çocuğunuzla birlikte ne yapmayı seversiniz? Tek kelime.",
            ),
            max_length=30,
            max_entries=2,
        ),
        _prompt(
            "pictogram",
            _t(
                "Komt u naar de volgende ouderochtend?",
                "Will you come to the next parent morning?",
                "هل ستأتي إلى صباح أولياء الأمور القادم؟",
                "Bir sonraki veli sabahına gelecek misiniz?",
            ),
            options=[
                _option("yes", _t("Ja", "Yes", "نعم", "Evet"), "1F44D"),
                _option("maybe", _t("Misschien", "Maybe", "ربما", "Belki"), "1F914"),
                _option("no", _t("Nee", "No", "لا", "Hayır"), "1F44E"),
            ],
        ),
        _prompt(
            "qa",
            _t(
                "Welke vraag heeft u voor de school?",
                "What question do you have for the school?",
                "ما هو سؤالك للمدرسة؟",
                "Okula sormak istediğiniz soru nedir?",
            ),
            max_length=200,
            max_entries=2,
        ),
    ],
}

CITY_EVENT: dict[str, Any] = {
    "key": "city-event",
    "name": _t(
        "Stadsbrede bijeenkomst over kansen voor kinderen",
        "City-wide event on opportunities for children",
        "لقاء على مستوى المدينة حول فرص الأطفال",
        "Çocuklar için fırsatlar üzerine şehir buluşması",
    ),
    "description": _t(
        "Voor een groot publiek (honderden tot duizenden mensen): wie er is, wat het belangrijkst is, een "
        "woordwolk, een schaal, een rangorde en vragen aan de wethouder.",
        "For a large audience (hundreds to thousands): who is there, what matters most, a word cloud, a "
        "scale, a ranking and questions for the alderman.",
    ),
    "languages": PARENT_LANGUAGES,
    "moderate_text": True,
    "allow_change_vote": False,
    "prompts": [
        _prompt(
            "pictogram",
            _t("Wie bent u?", "Who are you?", "من أنت؟", "Siz kimsiniz?"),
            options=[
                _option(
                    "parent",
                    _t(
                        "Ouder of verzorger",
                        "Parent or carer",
                        "أحد الوالدين أو مقدم رعاية",
                        "Ebeveyn veya bakıcı",
                    ),
                    "1F46A",
                ),
                _option(
                    "professional",
                    _t(
                        "Ik werk met kinderen of ouders",
                        "I work with children or parents",
                        "أعمل مع الأطفال أو الآباء",
                        "Çocuklarla veya ebeveynlerle çalışıyorum",
                    ),
                    "1F9D1-200D-1F3EB",
                ),
                _option("other", _t("Iemand anders", "Someone else", "شخص آخر", "Başka biri"), "1F9D1"),
            ],
        ),
        _prompt(
            "multiple_choice",
            _t(
                "Wat is het belangrijkst voor kinderen in onze stad? Kies er drie.",
                "What matters most for children in our city? Choose three.",
                "ما هو الأهم للأطفال في مدينتنا؟ اختر ثلاثة.",
                "Şehrimizdeki çocuklar için en önemli olan nedir? Üç tane seçin.",
            ),
            max_choices=3,
            options=[
                _option(
                    "reading",
                    _t("Voorlezen en taal", "Reading and language", "القراءة واللغة", "Kitap okuma ve dil"),
                    "1F4DA",
                ),
                _option(
                    "outdoor-play",
                    _t(
                        "Veilig buiten spelen",
                        "Safe outdoor play",
                        "اللعب بأمان في الخارج",
                        "Dışarıda güvenle oynamak",
                    ),
                    "1F333",
                ),
                _option(
                    "health",
                    _t("Gezond opgroeien", "Growing up healthy", "النمو بصحة جيدة", "Sağlıklı büyümek"),
                    "1FA7A",
                ),
                _option(
                    "school",
                    _t(
                        "Goede school en kinderopvang",
                        "Good school and childcare",
                        "مدرسة وحضانة جيدة",
                        "İyi okul ve çocuk bakımı",
                    ),
                    "1F3EB",
                ),
                _option(
                    "money",
                    _t(
                        "Genoeg geld in het gezin",
                        "Enough money in the family",
                        "مال كافٍ للأسرة",
                        "Ailede yeterli para",
                    ),
                    "1F4B0",
                ),
                _option(
                    "help-nearby",
                    _t(
                        "Hulp dichtbij in de wijk",
                        "Help close by",
                        "مساعدة قريبة في الحي",
                        "Mahallede yakın yardım",
                    ),
                    "1F3E0",
                ),
            ],
        ),
        _prompt(
            "word_cloud",
            _t(
                "Wat maakt onze stad goed voor kinderen? Eén of twee woorden.",
                "What makes our city good for children? One or two words.",
                "ما الذي يجعل مدينتنا جيدة للأطفال؟ كلمة أو كلمتان.",
                "Şehrimizi çocuklar için iyi yapan nedir? Bir veya iki kelime.",
            ),
            max_length=40,
            max_entries=2,
        ),
        _prompt(
            "scale",
            _t(
                "Kunnen ouders in uw wijk goed meedenken met school en gemeente?",
                "Can parents in your neighbourhood take part in decisions of school and municipality?",
                "هل يستطيع الآباء في حيك المشاركة في قرارات المدرسة والبلدية؟",
                "Mahallenizdeki veliler okul ve belediyenin kararlarına katılabiliyor mu?",
            ),
            scale_min=0,
            scale_max=10,
            scale_style="slider",
            scale_labels=_t(
                "Helemaal niet|Heel goed",
                "Not at all|Very well",
                "إطلاقا|جيد جدا",
                "Hiç|Çok iyi",
            ),
            hide_results=True,
        ),
        _prompt(
            "ranking",
            _t(
                "Waar moet de gemeente eerst in investeren? Zet in volgorde.",
                "What should the municipality invest in first? Put them in order.",
                "في ماذا يجب أن تستثمر البلدية أولاً؟ رتّبها.",
                "Belediye önce neye yatırım yapmalı? Sıraya koyun.",
            ),
            options=[
                _option(
                    "early-education",
                    _t(
                        "Voorschool voor jonge kinderen",
                        "Preschool for young children",
                        "روضة للأطفال الصغار",
                        "Küçük çocuklar için anaokulu",
                    ),
                    "1F9D2",
                ),
                _option(
                    "parent-support",
                    _t("Steun voor ouders", "Support for parents", "دعم الآباء", "Ebeveynlere destek"),
                    "1F91D",
                ),
                _option(
                    "language-courses",
                    _t(
                        "Taallessen voor ouders",
                        "Language classes for parents",
                        "دروس لغة للآباء",
                        "Ebeveynler için dil kursu",
                    ),
                    "1F4AC",
                ),
                _option(
                    "libraries",
                    _t(
                        "Bibliotheek en voorlezen",
                        "Library and reading aloud",
                        "المكتبة والقراءة بصوت عالٍ",
                        "Kütüphane ve sesli okuma",
                    ),
                    "1F4D6",
                ),
            ],
        ),
        _prompt(
            "qa",
            _t(
                "Welke vraag heeft u voor de wethouder?",
                "What question do you have for the alderman?",
                "ما هو سؤالك لعضو المجلس البلدي المسؤول؟",
                "Belediye meclis üyesine sorunuz nedir?",
            ),
            max_length=200,
            max_entries=2,
        ),
    ],
}

TEMPLATES: list[dict[str, Any]] = [KNOWLEDGE_MEETING, PARENT_EVENING, CITY_EVENT]
BY_KEY: dict[str, dict[str, Any]] = {template["key"]: template for template in TEMPLATES}


def get_template(key: str) -> dict[str, Any] | None:
    return BY_KEY.get(key)
