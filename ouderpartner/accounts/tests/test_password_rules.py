"""Password rules: at least 12 characters, not like the e-mail address, not only digits, and not in the
bundled lists of breached passwords (nor a decorated form of one); messages in Dutch."""

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import translation

from ouderpartner.accounts.models import User
from ouderpartner.accounts.password_validation import breached_passwords, is_breached


@pytest.mark.parametrize(
    "password",
    [
        "password1234",
        "Password1234!",
        "p4ssw0rd2024!!",
        "wachtwoord123",
        "Welkom2024!!!",
        "welkomwelkom",
        "Feyenoord1908!",
        "qwertyuiop12",
        "iloveyou1234",
        "!!sunshine!!2",
    ],
)
def test_breached_passwords_and_their_decorations_are_refused(password):
    assert is_breached(password), password


@pytest.mark.parametrize(
    "password",
    ["correct horse battery staple", "paarse fiets onder de brug", "Kwetsbaar-Gouda-Tulp-97"],
)
def test_good_passphrases_pass(password):
    assert not is_breached(password)
    password_validation.validate_password(password, User(email="someone@example.org"))


def test_the_lists_are_bundled():
    words = breached_passwords()
    assert len(words) > 19000
    assert "wachtwoord" in words and "password" in words


def messages_for(password, email="jan.jansen@example.org"):
    with translation.override("nl"):
        try:
            password_validation.validate_password(password, User(email=email, name="Jan Jansen"))
        except ValidationError as error:
            return error.messages
    return []


def test_the_messages_are_clear_dutch():
    assert any("te kort" in m and "12" in m for m in messages_for("kort"))
    assert any("gelekte wachtwoorden" in m for m in messages_for("Wachtwoord2024!"))
    assert any("alleen cijfers" in m for m in messages_for("123498765432109"))
    assert any("lijkt te veel" in m for m in messages_for("jan.jansen@example.org"))


def test_the_help_text_names_the_rules_in_dutch():
    with translation.override("nl"):
        help_text = " ".join(str(t) for t in password_validation.password_validators_help_texts())
    assert "12" in help_text
    assert "gelekte" in help_text
