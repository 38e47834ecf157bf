"""The words of a credential sheet in English, Ukrainian and Russian.

A sheet is printed in the languages of the election's definition (its title's languages, the
default first) that are here; English when none is. The terms are the web pages' (docs/booth.md,
"Languages"): a credential is the voter's code (код виборця / код избирателя), a challenged
ballot is opened for checking (розкрити / вскрыть для перевірки / проверки), the board is the
public bulletin board (дошка оголошень / доска объявлений). ``{district}`` is filled in (escaped)
by the renderer; the instructions may hold the inline HTML they show (``<b>``, ``<code>``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = ["SHEET_TEXT", "SheetText", "sheet_languages"]


@dataclass(frozen=True, slots=True)
class SheetText:
    """One language's words on a sheet."""

    name: str  # the language's own name, heading its instructions
    banner: str  # the banner: a secret, keep it hidden
    district: str  # "District"
    election: str  # "Election id"
    number: str  # "Sheet {number} of {total}, district {district}"
    instructions: tuple[str, ...]


SHEET_TEXT: Final[dict[str, SheetText]] = {
    "en": SheetText(
        name="English",
        banner="Secret voting credential — keep it hidden",
        district="District",
        election="Election id",
        number="Sheet {number} of {total}, district {district}",
        instructions=(
            "Keep this credential secret. Whoever holds it can vote in your name. Do not "
            "photograph it, send it, or show it to anyone, including officials.",
            "To vote, open the voting booth (the web booth or the <code>plebiscite</code> voter "
            "client) and type the credential as printed (hyphens, spaces and upper or lower case "
            "do not matter). Your district is <b>{district}</b>.",
            "Before you cast, the booth shows a tracking hash. You may challenge the ballot to "
            "check that the device encrypted your choice, then make a fresh ballot; a challenged "
            "ballot is never counted.",
            "You may vote again as often as you like while voting is open. Only your last ballot "
            "counts. A revote is visible on the public board as a revote of the same credential; "
            "how you voted is not.",
            "After voting closes, check on the public board that the last ballot of your "
            "credential is the one you cast.",
        ),
    ),
    "uk": SheetText(
        name="Українська",
        banner="Секретний код виборця — тримайте його в таємниці",
        district="Округ",
        election="Ідентифікатор виборів",
        number="Аркуш {number} з {total}, округ {district}",
        instructions=(
            "Тримайте цей код у таємниці. Будь-хто, хто його має, може проголосувати від вашого "
            "імені. Не фотографуйте його, не надсилайте й нікому не показуйте, зокрема посадовим "
            "особам.",
            "Щоб проголосувати, відкрийте кабіну для голосування (вебкабіну або клієнт для "
            "голосування <code>plebiscite</code>) і введіть код так, як його надруковано "
            "(дефіси, пробіли й регістр літер не мають значення). Ваш округ: <b>{district}</b>.",
            "Перш ніж ви подасте бюлетень, кабіна покаже хеш відстеження. Ви можете розкрити "
            "бюлетень для перевірки, щоб переконатися, що пристрій зашифрував саме ваш вибір, а "
            "потім заповнити новий бюлетень; розкритий для перевірки бюлетень ніколи не "
            "враховується.",
            "Поки голосування відкрите, ви можете голосувати повторно скільки завгодно. "
            "Враховується лише ваш останній бюлетень. Повторне голосування видно на публічній "
            "дошці оголошень як повторне з тим самим кодом виборця; як ви проголосували — ні.",
            "Після закриття голосування перевірте на публічній дошці оголошень, що останній "
            "бюлетень із вашим кодом виборця — саме той, який ви подали.",
        ),
    ),
    "ru": SheetText(
        name="Русский",
        banner="Секретный код избирателя — держите его в тайне",
        district="Округ",
        election="Идентификатор выборов",
        number="Лист {number} из {total}, округ {district}",
        instructions=(
            "Держите этот код в тайне. Любой, у кого он есть, может проголосовать от вашего "
            "имени. Не фотографируйте его, не пересылайте и никому не показывайте, в том числе "
            "должностным лицам.",
            "Чтобы проголосовать, откройте кабину для голосования (веб-кабину или клиент для "
            "голосования <code>plebiscite</code>) и введите код так, как он напечатан (дефисы, "
            "пробелы и регистр букв не важны). Ваш округ: <b>{district}</b>.",
            "Перед тем как вы подадите бюллетень, кабина покажет хеш отслеживания. Вы можете "
            "вскрыть бюллетень для проверки, чтобы убедиться, что устройство зашифровало именно "
            "ваш выбор, а затем заполнить новый бюллетень; вскрытый для проверки бюллетень "
            "никогда не учитывается.",
            "Пока голосование открыто, вы можете голосовать повторно сколько угодно. "
            "Учитывается только ваш последний бюллетень. Повторное голосование видно на "
            "публичной доске объявлений как повторное с тем же кодом избирателя; как вы "
            "проголосовали — нет.",
            "После закрытия голосования проверьте на публичной доске объявлений, что последний "
            "бюллетень с вашим кодом избирателя — именно тот, который вы подали.",
        ),
    ),
}


def sheet_languages(languages: tuple[str, ...]) -> tuple[str, ...]:
    """The languages a sheet is printed in: those of ``languages`` (the definition's, default
    first) that :data:`SHEET_TEXT` has, matched on the primary subtag (``uk-UA`` → ``uk``);
    English when none is."""
    chosen: list[str] = []
    for tag in languages:
        base = tag.lower().split("-")[0]
        if base in SHEET_TEXT and base not in chosen:
            chosen.append(base)
    return tuple(chosen) or ("en",)
