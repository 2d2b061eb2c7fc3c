"""The interface words of the parents' consultation pages (/c/<code>/), per parent language.

Parent-facing words are data, not gettext (ARCHITECTURE.md rule 7), as in parent voice's
parent_texts.py and live's participant_texts.py: the plans themselves come from the municipality,
these are the buttons and messages around them, in plain words (B1 or simpler). Every language of
DEFAULT_PARENT_LANGUAGES has every key; other languages fall back to English. The Tigrinya and
Somali texts should be checked by a native speaker before wide use. `{n}` is replaced by a number.
"""

from __future__ import annotations

from ouderpartner.core.languages import PARENT_LANGUAGES

KEYS = (
    "choose_language",
    "start",
    "next",
    "back",
    "send",
    "read_aloud",
    "title",
    "intro",
    "plans_count",
    "question",
    "agree",
    "disagree",
    "unsure",
    "comment_label",
    "comment_help",
    "choose",
    "too_long",
    "personal_data",
    "closed",
    "busy",
    "thanks",
    "thanks_text",
)

TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "choose_language": "Kies uw taal",
        "start": "Begin",
        "next": "Volgende",
        "back": "Terug",
        "send": "Versturen",
        "read_aloud": "Voorlezen",
        "title": "Praat mee over de plannen",
        "intro": "De gemeente maakt samen met scholen en andere partners plannen voor ouders en kinderen. "
        "Wij willen graag weten wat u ervan vindt.",
        "plans_count": "Er zijn {n} plannen. U ziet ze een voor een.",
        "question": "Wat vindt u van dit plan?",
        "agree": "Goed plan",
        "disagree": "Geen goed plan",
        "unsure": "Weet ik niet",
        "comment_label": "Wilt u nog iets zeggen? Dat mag, het hoeft niet.",
        "comment_help": "Schrijf geen namen, telefoonnummers of e-mailadressen.",
        "choose": "Kies een van de drie antwoorden.",
        "too_long": "Uw tekst is te lang. Maak hem korter.",
        "personal_data": "Staat hier een naam, telefoonnummer of e-mailadres? Haal dat weg. "
        "Of druk nog een keer op de knop: dan leest eerst een medewerker uw tekst.",
        "closed": "U kunt nu niet meer reageren op deze plannen.",
        "busy": "Het is nu te druk. Probeer het over een paar minuten opnieuw.",
        "thanks": "Dank u wel!",
        "thanks_text": "Wij lezen alle reacties. De gemeente en de partners gebruiken ze om de plannen beter "
        "te maken. Uw naam staat nergens bij. Een tekst laten wij alleen zien als veel ouders "
        "reageerden, en nooit met een naam.",
    },
    "en": {
        "choose_language": "Choose your language",
        "start": "Start",
        "next": "Next",
        "back": "Back",
        "send": "Send",
        "read_aloud": "Read aloud",
        "title": "Have your say on the plans",
        "intro": "The municipality makes plans for parents and children, together with schools and other "
        "partners. We would like to know what you think.",
        "plans_count": "There are {n} plans. You see them one by one.",
        "question": "What do you think of this plan?",
        "agree": "Good plan",
        "disagree": "Not a good plan",
        "unsure": "I don't know",
        "comment_label": "Do you want to say something more? You may, but you do not have to.",
        "comment_help": "Do not write names, phone numbers or e-mail addresses.",
        "choose": "Choose one of the three answers.",
        "too_long": "Your text is too long. Please make it shorter.",
        "personal_data": "Is there a name, phone number or e-mail address here? Please take it out. "
        "Or press the button again: then a staff member reads your text first.",
        "closed": "You cannot react to these plans any more.",
        "busy": "It is too busy right now. Please try again in a few minutes.",
        "thanks": "Thank you!",
        "thanks_text": "We read every reaction. The municipality and its partners use them to make the "
        "plans better. Your name is not on it. We only show a text when many parents reacted, "
        "and never with a name.",
    },
    "ar": {
        "choose_language": "اختر لغتك",
        "start": "ابدأ",
        "next": "التالي",
        "back": "رجوع",
        "send": "إرسال",
        "read_aloud": "اقرأ بصوت عال",
        "title": "شارك برأيك في الخطط",
        "intro": "تضع البلدية مع المدارس وشركاء آخرين خططًا للآباء والأطفال. نريد أن نعرف رأيك.",
        "plans_count": "هناك {n} خطط. ستراها واحدة تلو الأخرى.",
        "question": "ما رأيك في هذه الخطة؟",
        "agree": "خطة جيدة",
        "disagree": "ليست خطة جيدة",
        "unsure": "لا أعرف",
        "comment_label": "هل تريد أن تقول شيئًا آخر؟ يمكنك ذلك، لكنه ليس ضروريًا.",
        "comment_help": "لا تكتب أسماء أو أرقام هواتف أو عناوين بريد إلكتروني.",
        "choose": "اختر واحدة من الإجابات الثلاث.",
        "too_long": "النص طويل جدًا. اجعله أقصر.",
        "personal_data": "هل يوجد هنا اسم أو رقم هاتف أو بريد إلكتروني؟ احذفه من فضلك. "
        "أو اضغط على الزر مرة أخرى: عندها يقرأ موظف النص أولًا.",
        "closed": "لم يعد بإمكانك الرد على هذه الخطط.",
        "busy": "الضغط كبير الآن. حاول مرة أخرى بعد بضع دقائق.",
        "thanks": "شكرا لك!",
        "thanks_text": "نقرأ كل الردود. تستخدمها البلدية وشركاؤها لتحسين الخطط. اسمك لا يظهر في أي مكان. "
        "لا نعرض نصًا إلا إذا رد كثير من الآباء، ولا نعرضه أبدًا مع اسم.",
    },
    "tr": {
        "choose_language": "Dilinizi seçin",
        "start": "Başla",
        "next": "İleri",
        "back": "Geri",
        "send": "Gönder",
        "read_aloud": "Sesli oku",
        "title": "Planlar hakkında fikrinizi söyleyin",
        "intro": "Belediye, okullar ve diğer ortaklarla birlikte anne babalar ve çocuklar için planlar "
        "yapıyor. Ne düşündüğünüzü bilmek istiyoruz.",
        "plans_count": "{n} plan var. Onları tek tek göreceksiniz.",
        "question": "Bu plan hakkında ne düşünüyorsunuz?",
        "agree": "İyi bir plan",
        "disagree": "İyi bir plan değil",
        "unsure": "Bilmiyorum",
        "comment_label": "Başka bir şey söylemek ister misiniz? İsterseniz yazabilirsiniz, zorunlu değil.",
        "comment_help": "İsim, telefon numarası veya e-posta adresi yazmayın.",
        "choose": "Üç cevaptan birini seçin.",
        "too_long": "Metniniz çok uzun. Lütfen kısaltın.",
        "personal_data": "Burada bir isim, telefon numarası veya e-posta adresi var mı? Lütfen silin. "
        "Ya da düğmeye bir kez daha basın: o zaman önce bir çalışan metninizi okur.",
        "closed": "Bu planlara artık cevap veremezsiniz.",
        "busy": "Şu anda çok yoğun. Lütfen birkaç dakika sonra tekrar deneyin.",
        "thanks": "Teşekkür ederiz!",
        "thanks_text": "Bütün cevapları okuyoruz. Belediye ve ortakları planları daha iyi yapmak için onları "
        "kullanır. Adınız hiçbir yerde yazmaz. Bir metni sadece çok sayıda anne baba cevap "
        "verdiyse gösteririz, asla bir isimle değil.",
    },
    "pl": {
        "choose_language": "Wybierz swój język",
        "start": "Zacznij",
        "next": "Dalej",
        "back": "Wstecz",
        "send": "Wyślij",
        "read_aloud": "Przeczytaj na głos",
        "title": "Powiedz, co myślisz o planach",
        "intro": "Gmina razem ze szkołami i innymi partnerami tworzy plany dla rodziców i dzieci. Chcemy "
        "wiedzieć, co o nich myślisz.",
        "plans_count": "Jest {n} planów. Zobaczysz je po kolei.",
        "question": "Co myślisz o tym planie?",
        "agree": "Dobry plan",
        "disagree": "Niedobry plan",
        "unsure": "Nie wiem",
        "comment_label": "Chcesz coś jeszcze powiedzieć? Możesz, ale nie musisz.",
        "comment_help": "Nie pisz imion, numerów telefonów ani adresów e-mail.",
        "choose": "Wybierz jedną z trzech odpowiedzi.",
        "too_long": "Twój tekst jest za długi. Skróć go.",
        "personal_data": "Czy jest tu imię, numer telefonu lub adres e-mail? Usuń je. "
        "Albo naciśnij przycisk jeszcze raz: wtedy pracownik najpierw przeczyta twój tekst.",
        "closed": "Nie możesz już odpowiadać na te plany.",
        "busy": "Teraz jest za duży ruch. Spróbuj ponownie za kilka minut.",
        "thanks": "Dziękujemy!",
        "thanks_text": "Czytamy wszystkie odpowiedzi. Gmina i partnerzy wykorzystują je, aby ulepszyć plany. "
        "Twoje imię nigdzie się nie pojawia. Pokazujemy tekst tylko wtedy, gdy odpowiedziało "
        "wielu rodziców, i nigdy z imieniem.",
    },
    "uk": {
        "choose_language": "Оберіть мову",
        "start": "Почати",
        "next": "Далі",
        "back": "Назад",
        "send": "Надіслати",
        "read_aloud": "Прочитати вголос",
        "title": "Скажіть свою думку про плани",
        "intro": "Муніципалітет разом зі школами та іншими партнерами складає плани для батьків і дітей. Ми "
        "хочемо знати, що ви про них думаєте.",
        "plans_count": "Планів: {n}. Ви побачите їх по одному.",
        "question": "Що ви думаєте про цей план?",
        "agree": "Добрий план",
        "disagree": "Недобрий план",
        "unsure": "Не знаю",
        "comment_label": "Хочете ще щось сказати? Можна, але не обов'язково.",
        "comment_help": "Не пишіть імен, номерів телефонів чи адрес електронної пошти.",
        "choose": "Оберіть одну з трьох відповідей.",
        "too_long": "Ваш текст задовгий. Скоротіть його.",
        "personal_data": "Чи є тут ім'я, номер телефону або електронна адреса? Видаліть їх. "
        "Або натисніть кнопку ще раз: тоді працівник спочатку прочитає ваш текст.",
        "closed": "Ви більше не можете відповідати на ці плани.",
        "busy": "Зараз забагато відвідувачів. Спробуйте ще раз за кілька хвилин.",
        "thanks": "Дякуємо!",
        "thanks_text": "Ми читаємо всі відповіді. Муніципалітет і партнери використовують їх, щоб покращити "
        "плани. Вашого імені ніде немає. Текст ми показуємо лише тоді, коли відповіло багато "
        "батьків, і ніколи з іменем.",
    },
    "ti": {
        "choose_language": "ቋንቋኹም ምረጹ",
        "start": "ጀምር",
        "next": "ቀጺሉ",
        "back": "ንድሕሪት",
        "send": "ስደድ",
        "read_aloud": "ብድምጺ ኣንብብ",
        "title": "ብዛዕባ እቲ ውጥናት ርእይቶኹም ሃቡ",
        "intro": "ምምሕዳር ከተማ ምስ ኣብያተ ትምህርቲን ካልኦት መሻርኽትን ንወለድን ቆልዑን ውጥናት ይገብር ኣሎ። እንታይ ከም እትሓስቡ ክንፈልጥ ንደሊ።",
        "plans_count": "{n} ውጥናት ኣለዉ። ሓደ ብሓደ ክትርእይዎም ኢኹም።",
        "question": "ብዛዕባ እዚ ውጥን እንታይ ትሓስቡ?",
        "agree": "ጽቡቕ ውጥን",
        "disagree": "ጽቡቕ ውጥን ኣይኮነን",
        "unsure": "ኣይፈልጥን",
        "comment_label": "ካልእ ክትብሉ ትደልዩ ዶ? ትኽእሉ ኢኹም፡ ግዴታ ግን ኣይኮነን።",
        "comment_help": "ኣስማት፡ ቁጽሪ ስልኪ ወይ ኢመይል ኣይትጸሓፉ።",
        "choose": "ካብቶም ሰለስተ መልስታት ሓደ ምረጹ።",
        "too_long": "ጽሑፍኩም ነዊሕ እዩ። ኣሕጽርዎ።",
        "personal_data": "ኣብዚ ስም፡ ቁጽሪ ስልኪ ወይ ኢመይል ኣሎ ዶ? በጃኹም ኣልግስዎ። "
        "ወይ ነቲ መጠወቒ ደጊምኩም ጠውቕዎ፡ ሽዑ ሰራሕተኛ ቅድም ጽሑፍኩም የንብቦ።",
        "closed": "ሕጂ ኣብዚ ውጥናት መልሲ ክትህቡ ኣይትኽእሉን ኢኹም።",
        "busy": "ሕጂ ብዙሕ ጻዕቂ ኣሎ። ድሕሪ ቁሩብ ደቓይቕ እንደገና ፈትኑ።",
        "thanks": "የቐንየልና!",
        "thanks_text": "ኩሉ መልስታት ነንብቦ። ምምሕዳር ከተማን መሻርኽቱን ነቶም ውጥናት ንምምሕያሽ ይጥቀሙሉ። "
        "ስምኩም ኣብ ዝኾነ ቦታ የለን። ጽሑፍ ነርኢ ብዙሓት ወለዲ ምስ መለሱ ጥራይ እዩ፡ ምስ ስም ድማ ፈጺሙ።",
    },
    "so": {
        "choose_language": "Dooro luqaddaada",
        "start": "Bilow",
        "next": "Xiga",
        "back": "Dib u noqo",
        "send": "Dir",
        "read_aloud": "Kor u akhri",
        "title": "Ka qayb qaado qorshayaasha",
        "intro": "Dowladda hoose waxay iskuulada iyo la-hawlgalayaal kale la samaynaysaa qorshayaal "
        "waalidiinta iyo carruurta. Waxaan rabnaa inaan ogaano waxaad ka qabtid.",
        "plans_count": "Waxaa jira {n} qorshe. Midba mar ayaad arki doontaa.",
        "question": "Maxaad ka qabtaa qorshahan?",
        "agree": "Qorshe wanaagsan",
        "disagree": "Qorshe aan wanaagsanayn",
        "unsure": "Ma aqaan",
        "comment_label": "Ma rabtaa inaad wax kale tiraahdo? Waad kari kartaa, laakiin qasab ma aha.",
        "comment_help": "Ha qorin magacyo, lambarro taleefan ama ciwaanno iimayl.",
        "choose": "Dooro mid ka mid ah saddexda jawaab.",
        "too_long": "Qoraalkaagu aad buu u dheer yahay. Soo gaabi.",
        "personal_data": "Halkan ma ku jiraa magac, lambar taleefan ama iimayl? Fadlan ka saar. "
        "Ama mar kale riix badhanka: markaas shaqaale ayaa marka hore akhriya qoraalkaaga.",
        "closed": "Hadda kama jawaabi kartid qorshayaashan.",
        "busy": "Hadda waa mashquul. Fadlan isku day dhowr daqiiqo kadib.",
        "thanks": "Mahadsanid!",
        "thanks_text": "Waxaan akhrinaa dhammaan jawaabaha. Dowladda hoose iyo la-hawlgalayaasheedu waxay "
        "u isticmaalaan si ay qorshayaasha u hagaajiyaan. Magacaagu meelna kuma qorna. Qoraal "
        "waxaan muujinaa oo keliya marka waalidiin badan ay jawaabaan, marnaba magac lama socdo.",
    },
}


def consultation_texts(language: str) -> dict[str, str]:
    """The words in this language; English for parent languages without their own (then Dutch, key by key)."""
    base = TEXTS["nl"]
    fallback = TEXTS["en"]
    own = TEXTS.get(language) or (fallback if language in PARENT_LANGUAGES else base)
    return {key: own.get(key) or fallback.get(key) or base[key] for key in KEYS}
