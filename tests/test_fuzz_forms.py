"""Bad input everywhere (issue 8, item 9): every form of every app, fed by hypothesis.

Every Django form class in ouderpartner (found by walking the form classes, so a new form is included
without being listed) is bound to generated data: for each field, either a plausible value of its kind
(a real choice, a real object of the workspace, a number, a date, an upload) or something hostile
(huge text, unicode from all planes, right-to-left text, control characters, NUL bytes, numbers that
overflow, impossible dates). `is_valid()` must answer True or False with errors — never raise — and the
bound form must render. A form whose constructor needs an argument this test does not know fails the
test until it is added to ARGUMENTS.

The number of cases tried is printed per form (`-s`) and EXAMPLES per form is the bound.
"""

from __future__ import annotations

import datetime
import importlib
import inspect
import pkgutil
from typing import Any

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = 40
SKIP_ARGUMENTS = {"self", "args", "kwargs", "data", "files"}


def _form_classes() -> list[type[forms.BaseForm]]:
    import ouderpartner

    for module in pkgutil.walk_packages(ouderpartner.__path__, "ouderpartner."):
        if ".tests" in module.name or ".migrations" in module.name:
            continue
        importlib.import_module(module.name)
    found: dict[str, type[forms.BaseForm]] = {}
    pending = list(forms.BaseForm.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("ouderpartner.") and not inspect.isabstract(cls):
            found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return [found[name] for name in sorted(found)]


FORMS = _form_classes()


# --- Hostile and plausible values -------------------------------------------------------------------

HOSTILE_TEXT = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\x00b",
            "\u202eRTL-override\u202c",
            "مرحبا بالعالم",
            "שלום",
            "\ufeff",
            "\ud7ff\ue000\U0010ffff",
            "😀" * 50,
            "<script>alert(1)</script>",
            "{{ 7*7 }}{% debug %}",
            "' OR 1=1 --",
            "%(x)s %s {0}",
            "\r\n\t\x0b\x0c\x1b[31m",
            "9" * 400,
            "-1",
            "1e309",
            "NaN",
            "inf",
            "0x10",
            "0000-00-00",
            "2024-02-30",
            "9999-12-31T23:59:60",
            "../../etc/passwd",
            "a" * 30_000,
        ]
    ),
)


def plausible(field: forms.Field, objects: list[Any]) -> st.SearchStrategy[Any]:
    """A value of the field's own kind (often valid, sometimes just outside the bounds)."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        return st.lists(st.sampled_from(objects) if objects else st.integers(), max_size=4)
    if isinstance(field, forms.ModelChoiceField):
        return st.sampled_from(objects) if objects else st.integers(-(2**70), 2**70).map(str)
    if isinstance(field, forms.MultipleChoiceField):
        values = [str(key) for key, _label in _flat_choices(field)]
        return st.lists(st.sampled_from(values) if values else HOSTILE_TEXT, max_size=4)
    if isinstance(field, forms.ChoiceField):
        values = [str(key) for key, _label in _flat_choices(field)]
        return st.sampled_from(values) if values else HOSTILE_TEXT
    if isinstance(field, forms.BooleanField | forms.NullBooleanField):
        return st.sampled_from(["on", "true", "false", "1", "0", "", "unknown"])
    if isinstance(field, forms.IntegerField | forms.FloatField | forms.DecimalField):
        return st.one_of(
            st.integers(-(2**70), 2**70).map(str),
            st.floats(allow_nan=True, allow_infinity=True).map(repr),
            st.decimals(allow_nan=True).map(str),
        )
    if isinstance(field, forms.DateTimeField):
        return st.datetimes(min_value=datetime.datetime(1, 1, 1)).map(lambda value: value.isoformat(" "))
    if isinstance(field, forms.DateField):
        return st.dates().map(datetime.date.isoformat)
    if isinstance(field, forms.TimeField):
        return st.times().map(datetime.time.isoformat)
    if isinstance(field, forms.FileField):
        return st.builds(
            lambda name, content: SimpleUploadedFile(name, content),
            st.sampled_from(
                ["a.png", "b.svg", "c.xlsx", "d.mp3", "e.csv", "ü ñ.webm", "x" * 300 + ".jpg", "..jpg"]
            ),
            st.binary(max_size=2048),
        )
    if isinstance(field, forms.JSONField):
        return st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=20),
            lambda inner: (
                st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
            ),
            max_leaves=8,
        ).map(lambda value: __import__("json").dumps(value))
    return HOSTILE_TEXT


def _flat_choices(field: forms.ChoiceField) -> list[tuple[Any, Any]]:
    flat = []
    for key, label in field.choices:
        if isinstance(label, list | tuple):
            flat.extend(label)
        else:
            flat.append((key, label))
    return flat


def _objects(field: forms.Field) -> list[str]:
    queryset = getattr(field, "queryset", None)
    if queryset is None:
        return []
    key = getattr(field, "to_field_name", None) or "pk"
    return [str(value) for value in queryset.values_list(key, flat=True)[:20]]


def value_strategy(field: forms.Field) -> st.SearchStrategy[Any]:
    return st.one_of(plausible(field, _objects(field)), HOSTILE_TEXT, HOSTILE_TEXT.map(lambda text: [text]))


# --- The world the forms are bound in --------------------------------------------------------------


@pytest.fixture
def world(db):
    """The demo workspace Utrecht without the slow generated answers and reports, and its coordinator."""
    from ouderpartner.accounts.models import User
    from ouderpartner.core.demo import loader, policy_framework, policy_goals, policy_lea
    from ouderpartner.core.demo import voice as demo_voice
    from ouderpartner.core.demo.live import load_live
    from ouderpartner.core.demo.programmes import load_programmes
    from ouderpartner.core.models import Membership
    from ouderpartner.live.models import LiveSession, Prompt
    from ouderpartner.policy import selfscan
    from ouderpartner.policy.models import Indicator
    from ouderpartner.voice.models import Answer, Question, Response

    report = loader.DemoReport()
    loader.load_municipalities(None, report)
    utrecht = loader.ensure_workspace(loader.WORKSPACES[0])
    loader.ensure_workspace(loader.WORKSPACES[1])
    loader.load_utrecht_network(utrecht, None, report)
    loader.load_places(utrecht, loader.UTRECHT_ORGANISATIONS, report)
    loader.load_school_extras(utrecht, report)
    loader.ensure_users(report)
    load_programmes(utrecht)
    demo_voice.load_conversations(utrecht)
    questionnaire = demo_voice.load_questionnaire(utrecht)
    demo_voice.load_distributions(utrecht, questionnaire)
    load_live(utrecht)
    for part in (policy_framework, policy_goals, policy_lea):
        part.load(utrecht)

    user = User.objects.get(email="alice@example.org")
    membership = Membership.objects.get(user=user, workspace=utrecht)
    request = RequestFactory().post("/")
    request.user = user
    session = LiveSession.objects.filter(workspace=utrecht).order_by("pk").first()
    question = Question.objects.filter(questionnaire=questionnaire, kind="text").first() or (
        Question.objects.filter(questionnaire=questionnaire).first()
    )
    return {
        "workspace": utrecht,
        "membership": membership,
        "request": request,
        "email": "nieuw@example.org",
        "show_contact": True,
        "session": session,
        "prompt": Prompt.objects.filter(session=session).order_by("pk").first(),
        "indicator": Indicator.objects.filter(workspace=utrecht).order_by("pk").first(),
        "section": selfscan.SECTIONS[0],
        "questionnaire": questionnaire,
        "question": question,
        "answer": Answer(response=Response(language="ar"), question=question, text="Een antwoord"),
    }


def construct(form_class: type[forms.BaseForm], world: dict[str, Any], data: Any, files: Any) -> Any:
    """Bind the form with the arguments its views give it (those without a default, by name)."""
    signature = inspect.signature(form_class.__init__)
    kwargs = {}
    for name, parameter in signature.parameters.items():
        if name in SKIP_ARGUMENTS or parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        # Those without a default, and the context the views always give (the request: sign-in forms
        # need it for the lockout check).
        if parameter.default is inspect.Parameter.empty or name in ("workspace", "membership", "request"):
            if name not in world:
                pytest.fail(f"{form_class.__qualname__} needs {name!r}: add it to the fuzzing world")
            kwargs[name] = world[name]
    if "files" in signature.parameters or "args" in signature.parameters:
        return form_class(data, files, **kwargs)
    if "data" in signature.parameters:
        return form_class(data, **kwargs)
    return form_class(**kwargs)


def fuzz_form(form_class: type[forms.BaseForm], world: dict[str, Any]) -> int:
    """Bind the form to EXAMPLES generated data sets; returns how many were tried."""
    fields = construct(form_class, world, MultiValueDict(), MultiValueDict()).fields
    names = sorted(fields)
    file_names = [name for name in names if isinstance(fields[name], forms.FileField)]
    strategy = st.fixed_dictionaries({name: value_strategy(fields[name]) for name in names})
    tried = [0]

    @given(values=strategy)
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(values: dict[str, Any]) -> None:
        tried[0] += 1
        data = MultiValueDict()
        files = MultiValueDict()
        for name, value in values.items():
            target = files if name in file_names and isinstance(value, SimpleUploadedFile) else data
            target.setlist(name, value if isinstance(value, list) else [value])
        form = construct(form_class, world, data, files)
        valid = form.is_valid()
        assert valid or form.errors
        str(form)  # the bound form renders, errors and hostile values included

    check()
    return tried[0]


def _app(form_class: type[forms.BaseForm]) -> str:
    return form_class.__module__.split(".")[1]


APPS = sorted({_app(form_class) for form_class in FORMS})


@pytest.mark.parametrize("app", APPS)
def test_every_form_answers_bad_input_with_validation_errors(app, world):
    """Per app (one world each): every form, all failures reported together."""
    failures = []
    total = 0
    classes = [form_class for form_class in FORMS if _app(form_class) == app]
    for form_class in classes:
        try:
            tried = fuzz_form(form_class, world)
        except Exception as error:  # every form is tried; all failures are reported together
            failures.append(f"{form_class.__module__}.{form_class.__qualname__}:\n{error}")
            continue
        total += tried
        print(f"\nforms {form_class.__module__}.{form_class.__qualname__}: {tried} case(s)")
    print(f"\nforms {app}: {len(classes)} form(s), {total} case(s)")
    assert not failures, "\n\n".join(failures)
    assert total >= len(classes)
