"""The few interface words of the parent pages, per parent language (data, not gettext; English fallback).

Parent-facing content is per-language data (ARCHITECTURE.md rule 7). These short texts are the
buttons and messages around the coordinator's own questions. Translations of ti and so should be
checked by a native speaker before wide use.
"""

from __future__ import annotations

from ouderpartner.core.languages import PARENT_LANGUAGES

KEYS = (
    "choose_language",
    "start",
    "next",
    "back",
    "send",
    "required",
    "number",
    "closed",
    "busy",
    "thanks",
    "read_aloud",
    "yes",
    "no",
    "you_said",
)

PARENT_TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "choose_language": "Kies uw taal",
        "start": "Begin",
        "next": "Volgende",
        "back": "Terug",
        "send": "Versturen",
        "required": "Geef hier een antwoord.",
        "number": "Typ een getal.",
        "closed": "U kunt deze vragenlijst nu niet invullen.",
        "busy": "Het is nu te druk. Probeer het over een paar minuten opnieuw.",
        "thanks": "Dank u wel!",
        "read_aloud": "Voorlezen",
        "yes": "Ja",
        "no": "Nee",
        "you_said": "U zei, wij deden",
    },
    "en": {
        "choose_language": "Choose your language",
        "start": "Start",
        "next": "Next",
        "back": "Back",
        "send": "Send",
        "required": "Please give an answer.",
        "number": "Type a number.",
        "closed": "You cannot fill in this questionnaire now.",
        "busy": "It is too busy right now. Please try again in a few minutes.",
        "thanks": "Thank you!",
        "read_aloud": "Read aloud",
        "yes": "Yes",
        "no": "No",
        "you_said": "You said, we did",
    },
    "ar": {
        "choose_language": "اختر لغتك",
        "start": "ابدأ",
        "next": "التالي",
        "back": "رجوع",
        "send": "إرسال",
        "required": "من فضلك أجب هنا.",
        "number": "اكتب رقما.",
        "closed": "لا يمكنك ملء هذا الاستبيان الآن.",
        "busy": "الضغط كبير الآن. حاول مرة أخرى بعد بضع دقائق.",
        "thanks": "شكرا لك!",
        "read_aloud": "اقرأ بصوت عال",
        "yes": "نعم",
        "no": "لا",
        "you_said": "قلتم، ففعلنا",
    },
    "tr": {
        "choose_language": "Dilinizi seçin",
        "start": "Başla",
        "next": "İleri",
        "back": "Geri",
        "send": "Gönder",
        "required": "Lütfen bir cevap verin.",
        "number": "Bir sayı yazın.",
        "closed": "Bu anketi şu anda dolduramazsınız.",
        "busy": "Şu anda çok yoğun. Lütfen birkaç dakika sonra tekrar deneyin.",
        "thanks": "Teşekkür ederiz!",
        "read_aloud": "Sesli oku",
        "yes": "Evet",
        "no": "Hayır",
        "you_said": "Siz söylediniz, biz yaptık",
    },
    "pl": {
        "choose_language": "Wybierz swój język",
        "start": "Zacznij",
        "next": "Dalej",
        "back": "Wstecz",
        "send": "Wyślij",
        "required": "Proszę udzielić odpowiedzi.",
        "number": "Wpisz liczbę.",
        "closed": "Teraz nie można wypełnić tej ankiety.",
        "busy": "Teraz jest zbyt duży ruch. Spróbuj ponownie za kilka minut.",
        "thanks": "Dziękujemy!",
        "read_aloud": "Przeczytaj na głos",
        "yes": "Tak",
        "no": "Nie",
        "you_said": "Powiedzieli Państwo, my zrobiliśmy",
    },
    "uk": {
        "choose_language": "Оберіть свою мову",
        "start": "Почати",
        "next": "Далі",
        "back": "Назад",
        "send": "Надіслати",
        "required": "Будь ласка, дайте відповідь.",
        "number": "Введіть число.",
        "closed": "Зараз цю анкету заповнити не можна.",
        "busy": "Зараз забагато запитів. Спробуйте ще раз за кілька хвилин.",
        "thanks": "Дякуємо!",
        "read_aloud": "Прочитати вголос",
        "yes": "Так",
        "no": "Ні",
        "you_said": "Ви сказали, ми зробили",
    },
    "ti": {
        "choose_language": "ቋንቋኹም ምረጹ",
        "start": "ጀምር",
        "next": "ቀጺሉ",
        "back": "ተመለስ",
        "send": "ስደድ",
        "required": "በጃኹም መልሲ ሃቡ።",
        "number": "ቁጽሪ ጽሓፉ።",
        "closed": "ነዚ መሕትት ሕጂ ክትመልእዎ ኣይትኽእሉን ኢኹም።",
        "busy": "ሕጂ ብዙሕ ጸቕጢ ኣሎ። ድሕሪ ቍሩብ ደቓይቕ እንደገና ፈትኑ።",
        "thanks": "የቐንየልና!",
        "read_aloud": "ብድምጺ ኣንብብ",
        "yes": "እወ",
        "no": "ኣይፋል",
        "you_said": "ንስኹም በልኩም፣ ንሕና ገበርና",
    },
    "so": {
        "choose_language": "Dooro luqaddaada",
        "start": "Bilow",
        "next": "Xiga",
        "back": "Dib u noqo",
        "send": "Dir",
        "required": "Fadlan jawaab bixi.",
        "number": "Qor tiro.",
        "closed": "Hadda ma buuxin kartid su'aalahan.",
        "busy": "Hadda waa mashquul. Fadlan isku day dhowr daqiiqo kadib.",
        "thanks": "Mahadsanid!",
        "read_aloud": "Kor u akhri",
        "yes": "Haa",
        "no": "Maya",
        "you_said": "Idinku waxaad tiraahdeen, annaguna waan samaynay",
    },
}


def parent_texts(language: str) -> dict[str, str]:
    """The interface words in this language, English where a word is missing."""
    return {**PARENT_TEXTS["en"], **PARENT_TEXTS.get(language, {})}


def text_direction(language: str) -> str:
    spec = PARENT_LANGUAGES.get(language)
    return "rtl" if spec is not None and spec.rtl else "ltr"
