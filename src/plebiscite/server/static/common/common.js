// plebiscite web pages: built by scripts/build_booth.sh from web/ with esbuild 0.28.2
// sources-sha256: 8a45d5741d457588af620bf2e9eaf3d9779e1daa06432baf38c5d8866c468b2a

// i18n/en.json
var en_default = {
  "common.skip": "Skip to the content",
  "common.language": "Language",
  "common.nav": "Pages",
  "common.noscript": "This page needs JavaScript: it encrypts and checks ballots on your device.",
  "nav.booth": "Vote",
  "nav.tracking": "Find my ballot",
  "nav.dashboard": "Observer dashboard",
  "nav.fake": "Fake sheet",
  "error.board": "The board refused: {reason} ({detail})",
  "booth.title": "Voting booth — plebiscite",
  "booth.heading": "Voting booth",
  "booth.window": "Voting from {opens} to {closes}",
  "booth.no_random": "This browser offers no secure random number generator (crypto.getRandomValues). The booth cannot encrypt safely here and stops. Use another browser or the command-line voter client.",
  "booth.not_secp256k1": "This election uses a group the web booth does not support. Use the command-line voter client.",
  "booth.not_open": "Voting has not opened yet.",
  "booth.closed": "Voting is closed.",
  "booth.load_failed": "The election could not be read from the board: {detail}",
  "booth.check_failed": "The election on the board does not check out, so this booth will not encrypt for it (the board may be showing a key or an election that the authority did not sign): {detail}",
  "booth.step_credential": "1. Your credential",
  "booth.credential_help": "Enter the secret credential printed on your sheet. It stays on this device: only a key derived from it signs your ballot.",
  "booth.credential_label": "Credential (28 letters and digits)",
  "booth.credential_hint": "Spaces and hyphens do not matter; O is read as 0 and I or L as 1.",
  "booth.qr_label": "Or read it from a photo of the QR code on your sheet",
  "booth.qr_read": "The credential was read from the QR code. Check it, then continue.",
  "booth.qr_unreadable": "No QR code could be read from this image. Try a sharper photo, or type the credential.",
  "booth.continue": "Continue",
  "booth.credential_invalid": "This credential is not valid: {detail}",
  "booth.deriving": "Deriving your key from the credential…",
  "booth.deriving_progress": "Deriving your key from the credential… {percent} %",
  "booth.not_on_roll": "This credential is not on the election's roll. Check that you typed it correctly and that it is for this election.",
  "booth.step_choose": "2. Your choice",
  "booth.district": "Your district: {district}",
  "booth.choose_one": "Choose one option.",
  "booth.choose_between": "Choose between {min} and {max} options.",
  "booth.wrong_count": "“{question}”: choose between {min} and {max} options.",
  "booth.encrypt": "Encrypt my choice",
  "booth.step_tracking": "3. Your ballot is encrypted",
  "booth.tracking_help": "This is the tracking hash of your encrypted ballot. Write down its first groups: you can find your ballot on the public board with it.",
  "booth.cast_or_challenge": "Cast it, or challenge it to check that this device encrypted what you chose. A challenged ballot is opened on the board and can never be counted; the booth then encrypts your choice afresh.",
  "booth.mode_challenge": "With sheets, a challenge works the same way. It proves that this device encrypted exactly what you chose; the challenged ballot is opened on the board and never counted. It reveals nothing of your credential (the codes on your sheets), real or fake: the board shows only the choices, beside the group of positions on the list of voters that every ballot names (yours is one of them). If you would rather not show your choices even so, challenge a ballot with other choices: the check works just as well.",
  "booth.cast": "Cast this ballot",
  "booth.challenge": "Challenge (check the encryption)",
  "booth.challenged_fresh": "The challenged ballot was posted, opened, for checking. Your choice was encrypted afresh: the new tracking hash is shown below.",
  "booth.challenged_note": "Challenged ballots (never counted) — check them with the challenge checker:",
  "booth.open_checker": "Open the challenge checker",
  "booth.checker_elsewhere": "The challenge checker is a separate page, not served by the board: open it from an observer organisation you trust.",
  "booth.checkers_listed": "Independent challenge checkers named in the election's definition:",
  "booth.cast_failed": "The ballot was not accepted: {detail}",
  "booth.challenge_failed": "The challenge was not accepted ({detail}). The opened ballot may already have left this device, so it was discarded and can never be cast: your choice was encrypted afresh, and the new tracking hash is shown below.",
  "booth.step_done": "Your ballot is on the board",
  "booth.done_help": "The board answered with its signed receipt. Keep it: with it anyone can show that the board accepted your ballot.",
  "booth.save_receipt": "Save the receipt",
  "booth.vote_again": "Vote again",
  "booth.finish": "Finish (forget the credential)",
  "booth.notes_heading": "Good to know",
  "booth.revote": "You may vote again; only your last ballot counts; a revote is visible on the board as a revote.",
  "booth.mode_revote": "You may vote again; only your last ballot with your real sheets counts. A ballot names no voter, so nobody can tell a second ballot from a first one.",
  "booth.trust": "This booth's code comes from whoever serves it. Its build is reproducible and its hash is in the election's definition; the command-line voter client is an equal alternative, and challenging a ballot catches a device that encrypts something else.",
  "receipt.tracking": "Tracking hash",
  "receipt.index": "Entry on the board",
  "receipt.time": "Board time",
  "receipt.signature": "Board's signed receipt",
  "receipt.verified": "valid: signed by the board's key in the manifest",
  "receipt.not_verified": "NOT valid: the signature or the entry does not match",
  "tracking.title": "Find a ballot — plebiscite",
  "tracking.heading": "Find a ballot on the board",
  "tracking.help": "Enter the full tracking hash the booth showed you. The page finds the entry, recomputes its tracking hash, checks the board's signed receipt, and tells whether a later ballot of the same credential replaced it.",
  "tracking.label": "Tracking hash (52 characters)",
  "tracking.find": "Find",
  "tracking.searching": "Searching the board…",
  "tracking.invalid": "This is not a tracking hash. Copy it again from the booth's screen or your receipt.",
  "tracking.empty": "Enter the tracking hash the booth showed you.",
  "tracking.bad_length": "A tracking hash has {expected} letters and digits (hyphens and spaces aside); this has {got}. Copy it again from the booth's screen or your receipt.",
  "tracking.bad_character": "Character {position} (“{character}”) never occurs in a tracking hash. Copy it again from the booth's screen or your receipt.",
  "tracking.bad_ending": "The last character is not one a tracking hash ends with: a character was probably mistyped. Copy it again from the booth's screen or your receipt.",
  "tracking.not_found": "No ballot or challenge with this tracking hash is on the board.",
  "tracking.check_failed": "The entry does not check out: {detail}",
  "tracking.found_heading": "Found on the board",
  "tracking.kind": "Kind",
  "tracking.kind_ballot": "cast ballot",
  "tracking.kind_challenge": "challenged ballot (opened, never counted)",
  "tracking.recomputed": "Tracking hash recomputed here",
  "tracking.matches": "matches the entry",
  "tracking.differs": "DIFFERS from the entry",
  "tracking.not_recomputed": "not recomputed (the election is not open in a group this page supports)",
  "tracking.district": "District",
  "tracking.entry_hash": "Entry hash",
  "tracking.no_receipt": "no signed head at this entry was found",
  "tracking.standing": "Standing",
  "tracking.latest": "the latest ballot of its credential so far: it counts unless replaced",
  "tracking.superseded": "superseded by entry {index} at {time}: a later ballot of the same credential counts instead (only the last ballot counts: the one naming the latest signed head); if you did not cast it, vote again and report it",
  "tracking.is_challenge": "a challenge: it is never counted",
  "checker.title": "Challenge checker — plebiscite",
  "checker.heading": "Check a challenged ballot",
  "checker.help": "After you challenged a ballot in the booth, enter its tracking hash here. This page is hosted apart from the board: it reads the opened ballot from the board, re-encrypts your choice with the revealed randomness, checks every proof, and shows what the device encrypted.",
  "checker.board": "Board: {board}",
  "checker.check": "Check",
  "checker.checking": "Reading and checking the challenged ballot…",
  "checker.not_a_challenge": "This tracking hash belongs to a cast ballot, not a challenge: a cast ballot is never opened.",
  "checker.ok_heading": "The challenged ballot checks out",
  "checker.ok": "Every option re-encrypts from the revealed choice and randomness, the tracking hash matches and every proof is valid.",
  "checker.mode_ok": "What this proves: the device encrypted exactly the choices below, and the ballot was built for the list of voters of its district like any other, with valid proofs. It was opened, so it is never counted. It reveals nothing of the credential it was made with, and does not say whether that credential was real or fake.",
  "checker.failed_heading": "The challenged ballot does NOT check out",
  "checker.failed": "The device or the board did not encrypt what it revealed. Keep the tracking hash and report it to the observers.",
  "checker.nothing": "(nothing chosen)",
  "checker.compare": "Compare with what you chose. If it differs, the device lied: do not cast with it, and report it.",
  "dashboard.title": "Observer dashboard — plebiscite",
  "dashboard.heading": "Observer dashboard",
  "dashboard.refresh": "Refresh",
  "dashboard.updated": "Updated {time}",
  "dashboard.load_failed": "The board could not be read: {detail}",
  "dashboard.state_heading": "State of the referendum",
  "dashboard.state": "State",
  "dashboard.phase_empty": "no election on the board",
  "dashboard.phase_setup": "setting up (key ceremony, roll)",
  "dashboard.phase_voting": "voting is open",
  "dashboard.phase_closed": "voting is closed; counting",
  "dashboard.phase_result": "result published",
  "dashboard.window": "Voting window",
  "dashboard.board": "Board",
  "dashboard.head": "Current signed head",
  "dashboard.head_at": "entry {index} at {time}",
  "dashboard.head_ok": "signature valid",
  "dashboard.head_bad": "signature NOT valid",
  "dashboard.no_head": "none yet",
  "dashboard.challenges": "Challenged ballots",
  "dashboard.turnout_heading": "Turnout by district over the days of the window",
  "dashboard.turnout_help": "Counted in this page from the board's entries: voters who cast at least one ballot by the end of each day, and ballots replaced by a later one of the same credential.",
  "dashboard.turnout_caption": "Turnout in {district}, by the end of each day",
  "dashboard.chart_label": "Chart of the turnout in {district}: registered voters, voters who cast, superseded ballots, by day; the table below holds the same figures.",
  "dashboard.day": "Day",
  "dashboard.registered": "Re­gis­tered",
  "dashboard.cast": "Cast",
  "dashboard.superseded": "Su­per­sed­ed",
  "dashboard.counted": "Counted",
  "dashboard.turnout": "Turnout",
  "dashboard.challenged": "Challenged",
  "dashboard.checks_heading": "The board's own checks",
  "dashboard.checks_ok": "No failure found in {entries} entries checked.",
  "dashboard.checks_failed": "{count} failures found.",
  "dashboard.checks_caption": "Items checked and failures per check",
  "dashboard.check": "Check",
  "dashboard.check_what": "What it checks",
  "dashboard.items": "Checked",
  "dashboard.failures": "Failures",
  "dashboard.results_heading": "Results",
  "dashboard.results_caption": "Decrypted counts per district and in total",
  "dashboard.withheld": "withheld: fewer voters than the minimum district size could be identified",
  "dashboard.total": "Total",
  "dashboard.proofs_ok": "Tally, decryption proofs and result (V7–V9): the board's checker reran them on the record up to entry {index} and found no failure.",
  "dashboard.proofs_failed": "Tally, decryption proofs and result (V7–V9): the board's checker reran them on the record up to entry {index} and found {count} failures.",
  "dashboard.proofs_pending": "The board's checker has not yet rerun the tally, the decryption proofs and the result (V7–V9) on this record; it does so shortly after each counting entry. Meanwhile, download the record and run plebiscite verify, which checks every proof.",
  "dashboard.proofs_error": "The board's checker could not run the checks of the tally, the decryption proofs and the result (V7–V9): {detail}. Download the record and run plebiscite verify, which checks every proof.",
  "dashboard.proofs_unknown": "The status of the decryption proofs is not known yet.",
  "dashboard.proof_line_ok": "{check}, {what}: {items} checked, no failure.",
  "dashboard.proof_line_failed": "{check}, {what}: {items} checked, {failures} failures.",
  "dashboard.final_ran": "The end-of-record checks (V7–V9) last ran on the board up to entry {index}.",
  "dashboard.final_not_run": "The end-of-record checks (V7–V9) run once the result is on the board.",
  "dashboard.final_due": "A counting entry came after that run: the checks run again shortly.",
  "dashboard.result_entry": "Signed result: entry {index}, {time}.",
  "dashboard.record_heading": "The record",
  "dashboard.record_text": "Everything above can be re-derived from the public record on your own machine with plebiscite verify.",
  "dashboard.record_entries": "Download every entry (JSON Lines)",
  "dashboard.record_heads": "The board's signed heads",
  "check.V1": "the chain: hashes, links, times, signed heads",
  "check.V2": "the manifest, keys and contexts",
  "check.V3": "the key ceremony",
  "check.V4": "the credential roll",
  "check.V5": "each ballot: proofs, signature, roll, window",
  "check.V6": "the counted set: last ballot per credential",
  "check.V7": "the tally of the counted ballots",
  "check.V8": "the partial decryptions and their proofs",
  "check.V9": "the result against the decryption",
  "check.V10": "challenged ballots",
  "check.V11": "the mix rounds: shuffles and their proofs",
  "check.V12": "mode fake-credentials: the valid ballots, in board order",
  "check.V13": "mode fake-credentials: duplicates removed by blinded tags",
  "check.V14": "mode fake-credentials: one equality test per mixed ballot",
  "fake.title": "Make a fake sheet — plebiscite",
  "fake.heading": "If someone demands your sheets: make a fake one",
  "fake.offline": "Once this device has checked your sheet against the board, this page makes fake sheets without a network connection. Nothing you load or type here leaves this device.",
  "fake.receive_heading": "What you receive",
  "fake.receive": "When you register, you get one sheet from each registrar. Each sheet has a long code. Your phone or computer checks each sheet against the public list of voters: if a check fails, tell the registrar at once and do not use that sheet.",
  "fake.forced_heading": "If someone forces you to hand over your sheets",
  "fake.forced": 'Do not argue. On your own device, choose "make a fake sheet" for each sheet and give the fake ones. They look exactly like real ones, and they pass the same check on any device. Whoever uses them can vote with them, and the vote is accepted and shown on the public board like any other. When the votes are counted, it is left out, and nobody can see which vote was left out.',
  "fake.then_heading": "Then vote yourself, with your real sheets",
  "fake.then": "Vote when you are alone and nobody watches — any time before voting closes. Only your last vote with your real sheets counts.",
  "fake.limits_heading": "What this does not protect against",
  "fake.limit_watched": "Someone who watched you register, or who took your real sheets before you could check them.",
  "fake.limit_control": "Someone who keeps you under control from registration until voting closes, so that you never get a moment alone to vote.",
  "fake.limit_small": "In a very small district, someone who forbids you to vote may notice that the number of votes did not change.",
  "fake.limit_secret": "Keep your real sheets hidden, and never tell anyone you made fake ones.",
  "fake.step_load": "Make a fake sheet",
  "fake.sheet_label": "Your sheet file",
  "fake.sheet_paste_label": "Or paste the text of your sheet file",
  "fake.key_label": "Your key file (made on this device when you registered)",
  "fake.make": "Make a fake sheet",
  "fake.working": "Checking your sheet and making a fake one on this device…",
  "fake.no_sheet": "Load your sheet file or paste its text.",
  "fake.no_key": "Load the key file this device made when you registered.",
  "fake.bad_sheet": "This is not a sheet file: {detail}",
  "fake.bad_key": "This is not the key file this sheet was made for: {detail}",
  "fake.real_fails": "Your sheet does not pass the check against the board. Tell the registrar at once and do not use this sheet.",
  "fake.done_heading": "Your fake sheet",
  "fake.done": "It has the same district, position and registrar as your sheet and a new code, and it passes the same check on any device. Give it instead of your real sheet.",
  "fake.share": "Code on the fake sheet",
  "fake.district": "District",
  "fake.position": "Position on the list of voters",
  "fake.registrar": "Registrar",
  "fake.checked": "Checked on this device: the fake sheet passes the same check as your real one.",
  "fake.save": "Save the fake sheet file",
  "fake.again": "Make a fake sheet for another sheet",
  "fake.check": "Check this sheet",
  "fake.checking": "Checking your sheet against the board…",
  "fake.check_ok": "Your sheet passes the check: registrar {registrar} posted, at position {position} of district {district}, an encryption of the code on your sheet. This device now keeps what it needs to make fake sheets for it without a network.",
  "fake.not_checked_here": "This device has not checked this sheet yet, and the board cannot be reached. Check the sheet once while connected; after that, fake sheets can be made without a network.",
  "fake.board_failed": "The board could not be read or does not hold your sheet's roll entry: {detail}",
  "fake.check_heading": "Your sheet passed the check",
  "booth.step_sheets": "1. Your sheets",
  "booth.sheets_help": "Enter the codes of your sheets, one from each registrar, or load your sheet files. They stay on this device: the ballot carries only an encryption of them.",
  "booth.sheet_files_label": "Your sheet files (one from each registrar)",
  "booth.sheet_district": "District (as on your sheets)",
  "booth.sheet_position": "Position on the list of voters (as on your sheets)",
  "booth.share_label": "Code of sheet {registrar} ({name})",
  "booth.sheets_invalid": "{detail}",
  "booth.sheets_mixed": "These sheets name different elections, districts or positions, or two sheets of one registrar: load the sheets of one registration.",
  "booth.position_invalid": "Position {position} is not on the list of voters of this district.",
  "booth.fake_note": "If someone demands your sheets, give fake ones: this device makes them on the fake-sheet page. Then vote here yourself with your real sheets; only your last ballot with them counts.",
  "dashboard.roll": "Roll",
  "dashboard.ballots": "Ballots posted",
  "dashboard.mode_turnout_help": "In this election a ballot names no voter: the board shows how many ballots were posted, not how many voters cast them.",
  "dashboard.steps_heading": "The tally's steps (fake sheets)",
  "dashboard.steps_help": "Duplicate credentials removed by blinded tags, the ballots mixed, then each matched against the roll entry it points to: the entries each step has on the board.",
  "dashboard.steps_caption": "Entries of the tally's steps on the board",
  "dashboard.step": "Step",
  "dashboard.step_kind": "Entry kind",
  "dashboard.step_entries": "Entries",
  "dashboard.rule_heading": "The counted set, checked in this page",
  "dashboard.rule_help": "Recomputed here from the board's entries: once the board holds a tally, every district with a valid ballot must have gone through its tag round to its matching (pet_match), and the tally must count exactly the matched ballots. The checks, entries and fields are those of plebiscite verify.",
  "dashboard.rule_checking": "Checking the board's entries …",
  "dashboard.rule_ok": "Holds for the tally at entry {index}: every district with a valid ballot was matched, and the tally counts the matched ballots.",
  "dashboard.rule_failed": "Fails ({count} found): the tally at entry {index} does not count the matched ballots.",
  "dashboard.rule_error": "Could not be checked: {detail}",
  "dashboard.step_dedup": "Duplicates removed",
  "dashboard.step_mix": "Mixed",
  "dashboard.step_match": "Matched against the roll",
  "tracking.mode_standing": "A ballot of this election names no voter: whether a later ballot with the same sheets replaced it is settled in the tally, which counts only the last ballot with real sheets and shows nobody which ballots it left out."
};

// i18n/ru.json
var ru_default = {
  "common.skip": "Перейти к содержанию",
  "common.language": "Язык",
  "common.nav": "Страницы",
  "common.noscript": "Этой странице нужен JavaScript: она шифрует и проверяет бюллетени на вашем устройстве.",
  "nav.booth": "Голосовать",
  "nav.tracking": "Найти мой бюллетень",
  "nav.dashboard": "Панель наблюдателя",
  "nav.fake": "Фальшивый лист",
  "error.board": "Доска объявлений отклонила запрос: {reason} ({detail})",
  "booth.title": "Кабина для голосования — plebiscite",
  "booth.heading": "Кабина для голосования",
  "booth.window": "Голосование с {opens} до {closes}",
  "booth.no_random": "В этом браузере нет безопасного генератора случайных чисел (crypto.getRandomValues). Кабина не может здесь безопасно шифровать и останавливается. Воспользуйтесь другим браузером или клиентом для голосования в командной строке.",
  "booth.not_secp256k1": "Эти выборы используют группу, которую веб-кабина не поддерживает. Воспользуйтесь клиентом для голосования в командной строке.",
  "booth.not_open": "Голосование ещё не открыто.",
  "booth.closed": "Голосование закрыто.",
  "booth.load_failed": "Не удалось прочитать выборы с доски: {detail}",
  "booth.check_failed": "Выборы на доске объявлений не прошли проверку, поэтому эта кабина не будет шифровать для них (доска может показывать ключ или выборы, которые организатор выборов не подписывал): {detail}",
  "booth.step_credential": "1. Ваш код избирателя",
  "booth.credential_help": "Введите секретный код избирателя, напечатанный на вашем листе. Он остаётся на этом устройстве: ваш бюллетень подписывает только ключ, вычисленный из него.",
  "booth.credential_label": "Код избирателя (28 букв и цифр)",
  "booth.credential_hint": "Пробелы и дефисы не важны; O читается как 0, а I или L — как 1.",
  "booth.qr_label": "Или считайте его с фото QR-кода на вашем листе",
  "booth.qr_read": "Код избирателя считан с QR-кода. Проверьте его и продолжайте.",
  "booth.qr_unreadable": "С этого изображения не удалось считать QR-код. Попробуйте более чёткое фото или введите код избирателя вручную.",
  "booth.continue": "Продолжить",
  "booth.credential_invalid": "Этот код избирателя недействителен: {detail}",
  "booth.deriving": "Вычисляем ваш ключ из кода избирателя…",
  "booth.deriving_progress": "Вычисляем ваш ключ из кода избирателя… {percent} %",
  "booth.not_on_roll": "Этого кода избирателя нет в списке избирателей. Проверьте, правильно ли вы его ввели и относится ли он к этим выборам.",
  "booth.step_choose": "2. Ваш выбор",
  "booth.district": "Ваш округ: {district}",
  "booth.choose_one": "Выберите один вариант.",
  "booth.choose_between": "Выберите от {min} до {max} вариантов.",
  "booth.wrong_count": "«{question}»: выберите от {min} до {max} вариантов.",
  "booth.encrypt": "Зашифровать мой выбор",
  "booth.step_tracking": "3. Ваш бюллетень зашифрован",
  "booth.tracking_help": "Это хеш отслеживания вашего зашифрованного бюллетеня. Запишите его первые группы: по нему вы найдёте свой бюллетень на публичной доске объявлений.",
  "booth.cast_or_challenge": "Подайте бюллетень или вскройте его для проверки, чтобы убедиться, что это устройство зашифровало именно ваш выбор. Вскрытый бюллетень публикуется на доске в открытом виде и никогда не учитывается; затем кабина шифрует ваш выбор заново.",
  "booth.mode_challenge": "С листами вскрытие для проверки работает так же. Оно доказывает, что это устройство зашифровало именно то, что вы выбрали; вскрытый бюллетень публикуется на доске в открытом виде и никогда не учитывается. Оно ничего не раскрывает о вашем коде избирателя (кодах на ваших листах), настоящем или фальшивом: доска показывает только выбор рядом с группой позиций в списке избирателей, которую называет каждый бюллетень (ваша — одна из них). Если вы не хотите показывать даже это, вскройте для проверки бюллетень с другим выбором: проверка работает так же.",
  "booth.cast": "Подать этот бюллетень",
  "booth.challenge": "Вскрыть для проверки",
  "booth.challenged_fresh": "Бюллетень опубликован вскрытым для проверки. Ваш выбор зашифрован заново: новый хеш отслеживания показан ниже.",
  "booth.challenged_note": "Бюллетени, вскрытые для проверки (никогда не учитываются), — проверьте их на странице проверки вскрытых бюллетеней:",
  "booth.open_checker": "Открыть проверку вскрытых бюллетеней",
  "booth.checker_elsewhere": "Проверка вскрытых бюллетеней — отдельная страница, которую доска объявлений не показывает: откройте её у организации наблюдателей, которой вы доверяете.",
  "booth.checkers_listed": "Независимые страницы проверки вскрытых бюллетеней, указанные в определении выборов:",
  "booth.cast_failed": "Бюллетень не принят: {detail}",
  "booth.challenge_failed": "Вскрытие для проверки не принято ({detail}). Вскрытый бюллетень мог уже покинуть это устройство, поэтому он отброшен и никогда не будет подан: ваш выбор зашифрован заново, новый хеш отслеживания показан ниже.",
  "booth.step_done": "Ваш бюллетень на доске объявлений",
  "booth.done_help": "Доска объявлений ответила подписанной квитанцией. Сохраните её: по ней любой может доказать, что доска приняла ваш бюллетень.",
  "booth.save_receipt": "Сохранить квитанцию",
  "booth.vote_again": "Проголосовать ещё раз",
  "booth.finish": "Завершить (забыть код избирателя)",
  "booth.notes_heading": "Полезно знать",
  "booth.revote": "Вы можете проголосовать ещё раз; учитывается только ваш последний бюллетень; повторное голосование видно на доске объявлений как повторное.",
  "booth.mode_revote": "Вы можете проголосовать ещё раз; учитывается только ваш последний бюллетень, поданный с настоящими листами. Бюллетень не называет избирателя, поэтому никто не отличит второй бюллетень от первого.",
  "booth.trust": "Код этой кабины предоставляет тот, кто её размещает. Её сборка воспроизводима, а её хеш записан в определении выборов; клиент для голосования в командной строке — равноценная альтернатива, а вскрытие бюллетеня для проверки разоблачает устройство, которое шифрует что-то другое.",
  "receipt.tracking": "Хеш отслеживания",
  "receipt.index": "Запись на доске объявлений",
  "receipt.time": "Время по часам доски",
  "receipt.signature": "Подписанная квитанция доски",
  "receipt.verified": "действительна: подписана ключом доски из определения выборов",
  "receipt.not_verified": "НЕДЕЙСТВИТЕЛЬНА: подпись или запись не совпадают",
  "tracking.title": "Найти бюллетень — plebiscite",
  "tracking.heading": "Найти бюллетень на доске объявлений",
  "tracking.help": "Введите полный хеш отслеживания, который показала кабина. Страница найдёт запись, заново вычислит её хеш отслеживания, проверит подписанную квитанцию доски и покажет, не заменил ли её более поздний бюллетень с тем же кодом избирателя.",
  "tracking.label": "Хеш отслеживания (52 символа)",
  "tracking.find": "Найти",
  "tracking.searching": "Ищем на доске…",
  "tracking.invalid": "Это не хеш отслеживания. Скопируйте его ещё раз с экрана кабины или из вашей квитанции.",
  "tracking.empty": "Введите хеш отслеживания, который показала кабина.",
  "tracking.bad_length": "В хеше отслеживания {expected} букв и цифр (не считая дефисов и пробелов); здесь их {got}. Скопируйте его ещё раз с экрана кабины или из вашей квитанции.",
  "tracking.bad_character": "Символ {position} («{character}») не встречается в хеше отслеживания. Скопируйте его ещё раз с экрана кабины или из вашей квитанции.",
  "tracking.bad_ending": "Хеш отслеживания не может заканчиваться таким символом: вероятно, один символ введён с ошибкой. Скопируйте его ещё раз с экрана кабины или из вашей квитанции.",
  "tracking.not_found": "На доске объявлений нет бюллетеня (поданного или вскрытого для проверки) с таким хешем отслеживания.",
  "tracking.check_failed": "Запись не проходит проверку: {detail}",
  "tracking.found_heading": "Найдено на доске",
  "tracking.kind": "Вид",
  "tracking.kind_ballot": "поданный бюллетень",
  "tracking.kind_challenge": "бюллетень, вскрытый для проверки (опубликован в открытом виде, никогда не учитывается)",
  "tracking.recomputed": "Хеш отслеживания, вычисленный здесь",
  "tracking.matches": "совпадает с записью",
  "tracking.differs": "НЕ СОВПАДАЕТ с записью",
  "tracking.not_recomputed": "не вычислен (выборы не открыты в группе, которую поддерживает эта страница)",
  "tracking.district": "Округ",
  "tracking.entry_hash": "Хеш записи",
  "tracking.no_receipt": "подписанная контрольная точка для этой записи не найдена",
  "tracking.standing": "Статус",
  "tracking.latest": "пока последний бюллетень с этим кодом избирателя: он учитывается, если его не заменят",
  "tracking.superseded": "заменён записью {index} от {time}: учитывается более поздний бюллетень с тем же кодом избирателя (учитывается только последний: тот, что назван по самой новой подписанной контрольной точке); если вы его не подавали, проголосуйте ещё раз и сообщите об этом",
  "tracking.is_challenge": "вскрыт для проверки: никогда не учитывается",
  "checker.title": "Проверка вскрытых бюллетеней — plebiscite",
  "checker.heading": "Проверить бюллетень, вскрытый для проверки",
  "checker.help": "Если вы вскрыли бюллетень для проверки в кабине, введите здесь его хеш отслеживания. Эта страница размещена отдельно от доски объявлений: она читает вскрытый бюллетень с доски, заново шифрует ваш выбор с раскрытой случайностью, проверяет каждое доказательство и показывает, что зашифровало устройство.",
  "checker.board": "Доска объявлений: {board}",
  "checker.check": "Проверить",
  "checker.checking": "Читаем и проверяем вскрытый бюллетень…",
  "checker.not_a_challenge": "Этот хеш отслеживания принадлежит поданному бюллетеню, а не вскрытому для проверки: поданный бюллетень никогда не вскрывается.",
  "checker.ok_heading": "Вскрытый бюллетень прошёл проверку",
  "checker.ok": "Каждый вариант заново шифруется из раскрытого выбора и случайности, хеш отслеживания совпадает, и каждое доказательство действительно.",
  "checker.mode_ok": "Что это доказывает: устройство зашифровало именно тот выбор, что ниже, а бюллетень создан для списка избирателей своего округа, как любой другой, с действительными доказательствами. Он вскрыт для проверки, поэтому никогда не учитывается. Он ничего не раскрывает о коде избирателя, которым создан, и не говорит, настоящий этот код или фальшивый.",
  "checker.failed_heading": "Вскрытый бюллетень НЕ прошёл проверку",
  "checker.failed": "Устройство или доска объявлений зашифровали не то, что раскрыли. Сохраните хеш отслеживания и сообщите наблюдателям.",
  "checker.nothing": "(ничего не выбрано)",
  "checker.compare": "Сравните с тем, что вы выбрали. Если отличается, устройство вас обмануло: не голосуйте на нём и сообщите об этом наблюдателям.",
  "dashboard.title": "Панель наблюдателя — plebiscite",
  "dashboard.heading": "Панель наблюдателя",
  "dashboard.refresh": "Обновить",
  "dashboard.updated": "Обновлено {time}",
  "dashboard.load_failed": "Не удалось прочитать доску объявлений: {detail}",
  "dashboard.state_heading": "Состояние референдума",
  "dashboard.state": "Состояние",
  "dashboard.phase_empty": "на доске объявлений нет выборов",
  "dashboard.phase_setup": "подготовка (церемония генерации ключей, список избирателей)",
  "dashboard.phase_voting": "голосование открыто",
  "dashboard.phase_closed": "голосование закрыто; идёт подсчёт",
  "dashboard.phase_result": "результат опубликован",
  "dashboard.window": "Период голосования",
  "dashboard.board": "Доска объявлений",
  "dashboard.head": "Текущая подписанная контрольная точка",
  "dashboard.head_at": "запись {index} в {time}",
  "dashboard.head_ok": "подпись действительна",
  "dashboard.head_bad": "подпись НЕДЕЙСТВИТЕЛЬНА",
  "dashboard.no_head": "ещё нет",
  "dashboard.challenges": "Бюллетени, вскрытые для проверки",
  "dashboard.turnout_heading": "Явка по округам по дням голосования",
  "dashboard.turnout_help": "Подсчитано на этой странице по записям доски объявлений: избиратели, подавшие хотя бы один бюллетень к концу каждого дня, и бюллетени, заменённые более поздними с тем же кодом избирателя.",
  "dashboard.turnout_caption": "Явка в округе {district} на конец каждого дня",
  "dashboard.chart_label": "График явки в округе {district}: зарегистрированные избиратели, проголосовавшие, заменённые бюллетени, по дням; таблица ниже содержит те же числа.",
  "dashboard.day": "День",
  "dashboard.registered": "За­ре­гист­ри­ро­ва­но",
  "dashboard.cast": "Про­го­ло­со­ва­ли",
  "dashboard.superseded": "За­ме­не­но",
  "dashboard.counted": "Учте­но",
  "dashboard.turnout": "Явка",
  "dashboard.challenged": "Вскры­то",
  "dashboard.checks_heading": "Собственные проверки доски объявлений",
  "dashboard.checks_ok": "Ни одной ошибки в {entries} проверенных записях.",
  "dashboard.checks_failed": "Найдено ошибок: {count}.",
  "dashboard.checks_caption": "Проверенные элементы и ошибки по проверкам",
  "dashboard.check": "Проверка",
  "dashboard.check_what": "Что проверяет",
  "dashboard.items": "Про­ве­ре­но",
  "dashboard.failures": "Ошибки",
  "dashboard.results_heading": "Результаты",
  "dashboard.results_caption": "Расшифрованные итоги по округам и в целом",
  "dashboard.withheld": "не раскрыто: иначе можно было бы узнать голоса группы меньше минимального размера округа",
  "dashboard.total": "Всего",
  "dashboard.proofs_ok": "Подсчёт, доказательства расшифровки и результат (V7–V9): проверка доски повторила их по журналу до записи {index} и не нашла ошибок.",
  "dashboard.proofs_failed": "Подсчёт, доказательства расшифровки и результат (V7–V9): проверка доски повторила их по журналу до записи {index} и нашла ошибок: {count}.",
  "dashboard.proofs_pending": "Проверка доски ещё не повторила подсчёт, доказательства расшифровки и результат (V7–V9) по этому журналу; она делает это вскоре после каждой записи подсчёта. А пока скачайте журнал и запустите plebiscite verify — эта команда проверяет каждое доказательство.",
  "dashboard.proofs_error": "Проверка доски не смогла выполнить проверки подсчёта, доказательств расшифровки и результата (V7–V9): {detail}. Скачайте журнал и запустите plebiscite verify — эта команда проверяет каждое доказательство.",
  "dashboard.proofs_unknown": "Состояние доказательств расшифровки пока неизвестно.",
  "dashboard.proof_line_ok": "{check}, {what}: проверено {items}, ошибок нет.",
  "dashboard.proof_line_failed": "{check}, {what}: проверено {items}, ошибок: {failures}.",
  "dashboard.final_ran": "Завершающие проверки (V7–V9) в последний раз выполнены доской по журналу до записи {index}.",
  "dashboard.final_not_run": "Завершающие проверки (V7–V9) выполняются, как только результат появится на доске объявлений.",
  "dashboard.final_due": "После этого появилась новая запись подсчёта: проверки скоро будут выполнены снова.",
  "dashboard.result_entry": "Подписанный результат: запись {index}, {time}.",
  "dashboard.record_heading": "Журнал выборов",
  "dashboard.record_text": "Всё показанное выше можно заново получить из публичного журнала выборов на своём компьютере командой plebiscite verify.",
  "dashboard.record_entries": "Скачать все записи (JSON Lines)",
  "dashboard.record_heads": "Подписанные контрольные точки доски",
  "check.V1": "цепочка записей: хеши, ссылки, время, подписанные контрольные точки",
  "check.V2": "определение выборов, ключи и контексты",
  "check.V3": "церемония генерации ключей",
  "check.V4": "список избирателей (открытые ключи)",
  "check.V5": "каждый бюллетень: доказательства, подпись, список избирателей, период голосования",
  "check.V6": "учитываемые бюллетени: последний бюллетень каждого избирателя",
  "check.V7": "подсчёт учитываемых бюллетеней",
  "check.V8": "частичные расшифровки и их доказательства",
  "check.V9": "результат против расшифровки",
  "check.V10": "бюллетени, вскрытые для проверки",
  "check.V11": "раунды перемешивания: перемешивания и их доказательства",
  "check.V12": "режим поддельных кодов избирателя: действительные бюллетени в порядке доски",
  "check.V13": "режим поддельных кодов избирателя: дубликаты удалены по слепым меткам",
  "check.V14": "режим поддельных кодов избирателя: одна проверка равенства на перемешанный бюллетень",
  "fake.title": "Создать фальшивый лист — plebiscite",
  "fake.heading": "Если у вас требуют листы: создайте фальшивый",
  "fake.offline": "После того как это устройство проверило ваш лист по доске объявлений, эта страница создаёт фальшивые листы без сети. Ничто из того, что вы здесь загружаете или вводите, не покидает это устройство.",
  "fake.receive_heading": "Что вы получаете",
  "fake.receive": "При регистрации вы получаете по одному листу от каждого регистратора. На каждом листе есть длинный код. Ваш телефон или компьютер проверяет каждый лист по публичному списку избирателей: если проверка не прошла, сразу скажите об этом регистратору и не пользуйтесь этим листом.",
  "fake.forced_heading": "Если вас заставляют отдать листы",
  "fake.forced": "Не спорьте. На своём устройстве выберите «создать фальшивый лист» для каждого листа и отдайте фальшивые. Они выглядят точно как настоящие и проходят ту же проверку на любом устройстве. Тот, кто ими воспользуется, сможет проголосовать, и этот голос будет принят и показан на публичной доске объявлений, как любой другой. При подсчёте он будет отброшен, и никто не сможет увидеть, какой именно голос отброшен.",
  "fake.then_heading": "Потом проголосуйте сами, своими настоящими листами",
  "fake.then": "Голосуйте, когда будете одни и никто не будет смотреть, — в любое время до закрытия голосования. Учитывается только ваш последний голос, поданный с настоящими листами.",
  "fake.limits_heading": "От чего это не защищает",
  "fake.limit_watched": "От того, кто видел вашу регистрацию или забрал ваши настоящие листы, прежде чем вы успели их проверить.",
  "fake.limit_control": "От того, кто держит вас под контролем от регистрации до закрытия голосования, так что у вас нет ни минуты наедине, чтобы проголосовать.",
  "fake.limit_small": "В очень маленьком округе тот, кто запрещает вам голосовать, может заметить, что число голосов не изменилось.",
  "fake.limit_secret": "Прячьте настоящие листы и никому не говорите, что вы создали фальшивые.",
  "fake.step_load": "Создать фальшивый лист",
  "fake.sheet_label": "Файл вашего листа",
  "fake.sheet_paste_label": "Или вставьте текст файла вашего листа",
  "fake.key_label": "Ваш файл ключа (созданный на этом устройстве при регистрации)",
  "fake.make": "Создать фальшивый лист",
  "fake.working": "Проверяем ваш лист и создаём фальшивый на этом устройстве…",
  "fake.no_sheet": "Загрузите файл вашего листа или вставьте его текст.",
  "fake.no_key": "Загрузите файл ключа, который это устройство создало при вашей регистрации.",
  "fake.bad_sheet": "Это не файл листа: {detail}",
  "fake.bad_key": "Это не тот файл ключа, для которого создан этот лист: {detail}",
  "fake.real_fails": "Ваш лист не проходит проверку по доске объявлений. Сразу скажите об этом регистратору и не пользуйтесь этим листом.",
  "fake.done_heading": "Ваш фальшивый лист",
  "fake.done": "У него тот же округ, та же позиция и тот же регистратор, что и у вашего листа, и новый код, и он проходит ту же проверку на любом устройстве. Отдайте его вместо настоящего.",
  "fake.share": "Код на фальшивом листе",
  "fake.district": "Округ",
  "fake.position": "Позиция в списке избирателей",
  "fake.registrar": "Регистратор",
  "fake.checked": "Проверено на этом устройстве: фальшивый лист проходит ту же проверку, что и настоящий.",
  "fake.save": "Сохранить файл фальшивого листа",
  "fake.again": "Создать фальшивый лист для другого листа",
  "fake.check": "Проверить этот лист",
  "fake.checking": "Проверяем ваш лист по доске объявлений…",
  "fake.check_ok": "Ваш лист прошёл проверку: регистратор {registrar} опубликовал на позиции {position} округа {district} зашифрованный код вашего листа. Теперь это устройство хранит всё нужное, чтобы создавать для него фальшивые листы без сети.",
  "fake.not_checked_here": "Это устройство ещё не проверяло этот лист, а доска объявлений недоступна. Проверьте лист один раз, когда есть соединение; после этого фальшивые листы можно создавать без сети.",
  "fake.board_failed": "Не удалось прочитать доску объявлений, или на ней нет записи вашего листа в списке избирателей: {detail}",
  "fake.check_heading": "Ваш лист прошёл проверку",
  "booth.step_sheets": "1. Ваши листы",
  "booth.sheets_help": "Введите коды ваших листов, по одному от каждого регистратора, или загрузите файлы листов. Они остаются на этом устройстве: бюллетень содержит только их зашифрованный вид.",
  "booth.sheet_files_label": "Файлы ваших листов (по одному от каждого регистратора)",
  "booth.sheet_district": "Округ (как на ваших листах)",
  "booth.sheet_position": "Позиция в списке избирателей (как на ваших листах)",
  "booth.share_label": "Код листа {registrar} ({name})",
  "booth.sheets_invalid": "{detail}",
  "booth.sheets_mixed": "Эти листы указывают разные выборы, округа или позиции или два листа одного регистратора: загрузите листы одной регистрации.",
  "booth.position_invalid": "Позиции {position} нет в списке избирателей этого округа.",
  "booth.fake_note": "Если у вас требуют листы, отдайте фальшивые: это устройство создаёт их на странице фальшивых листов. Потом проголосуйте здесь сами настоящими листами; учитывается только ваш последний бюллетень, поданный с ними.",
  "dashboard.roll": "Список избирателей",
  "dashboard.ballots": "Подано бюллетеней",
  "dashboard.mode_turnout_help": "На этих выборах бюллетень не называет избирателя: доска объявлений показывает, сколько бюллетеней подано, а не сколько избирателей их подали.",
  "dashboard.steps_heading": "Шаги подсчёта (фальшивые листы)",
  "dashboard.steps_help": "Повторы одного кода избирателя отброшены по ослеплённым меткам, бюллетени перемешаны, затем каждый сверен с записью списка избирателей, на которую он указывает: сколько записей у каждого шага на доске объявлений.",
  "dashboard.steps_caption": "Записи шагов подсчёта на доске объявлений",
  "dashboard.step": "Шаг",
  "dashboard.step_kind": "Вид записи",
  "dashboard.step_entries": "Записей",
  "dashboard.rule_heading": "Засчитанные бюллетени, проверенные на этой странице",
  "dashboard.rule_help": "Вычислено здесь по записям доски объявлений: как только на доске есть подсчёт, каждый округ с действительным бюллетенем должен был пройти свой раунд меток до сверки (pet_match), а подсчёт должен засчитывать ровно сверенные бюллетени. Проверки, записи и поля те же, что в plebiscite verify.",
  "dashboard.rule_checking": "Проверяем записи доски объявлений …",
  "dashboard.rule_ok": "Выполнено для подсчёта в записи {index}: каждый округ с действительным бюллетенем сверен, и подсчёт засчитывает сверенные бюллетени.",
  "dashboard.rule_failed": "Не выполнено (найдено: {count}): подсчёт в записи {index} не засчитывает сверенные бюллетени.",
  "dashboard.rule_error": "Не удалось проверить: {detail}",
  "dashboard.step_dedup": "Повторы отброшены",
  "dashboard.step_mix": "Перемешано",
  "dashboard.step_match": "Сверено со списком избирателей",
  "tracking.mode_standing": "Бюллетень этих выборов не называет избирателя: заменил ли его более поздний бюллетень с теми же листами, определяет подсчёт, который учитывает только последний бюллетень с настоящими листами и никому не показывает, какие бюллетени он отбросил."
};

// i18n/uk.json
var uk_default = {
  "common.skip": "Перейти до змісту",
  "common.language": "Мова",
  "common.nav": "Сторінки",
  "common.noscript": "Ця сторінка потребує JavaScript: вона шифрує та перевіряє бюлетені на вашому пристрої.",
  "nav.booth": "Голосувати",
  "nav.tracking": "Знайти мій бюлетень",
  "nav.dashboard": "Панель спостерігача",
  "nav.fake": "Фальшивий аркуш",
  "error.board": "Дошка оголошень відхилила запит: {reason} ({detail})",
  "booth.title": "Кабіна для голосування — plebiscite",
  "booth.heading": "Кабіна для голосування",
  "booth.window": "Голосування з {opens} до {closes}",
  "booth.no_random": "Цей браузер не має безпечного генератора випадкових чисел (crypto.getRandomValues). Кабіна не може тут безпечно шифрувати і зупиняється. Скористайтеся іншим браузером або клієнтом для голосування в командному рядку.",
  "booth.not_secp256k1": "Ці вибори використовують групу, яку вебкабіна не підтримує. Скористайтеся клієнтом для голосування в командному рядку.",
  "booth.not_open": "Голосування ще не відкрито.",
  "booth.closed": "Голосування закрито.",
  "booth.load_failed": "Не вдалося прочитати вибори з дошки оголошень: {detail}",
  "booth.check_failed": "Вибори на дошці оголошень не пройшли перевірку, тому ця кабіна не шифруватиме для них (дошка може показувати ключ або вибори, яких організатор виборів не підписував): {detail}",
  "booth.step_credential": "1. Ваш код виборця",
  "booth.credential_help": "Введіть секретний код виборця, надрукований на вашому аркуші. Він залишається на цьому пристрої: ваш бюлетень підписує лише ключ, обчислений із нього.",
  "booth.credential_label": "Код виборця (28 літер і цифр)",
  "booth.credential_hint": "Пробіли та дефіси не мають значення; O читається як 0, а I чи L — як 1.",
  "booth.qr_label": "Або зчитайте його з фото QR-коду на вашому аркуші",
  "booth.qr_read": "Код виборця зчитано з QR-коду. Перевірте його й продовжуйте.",
  "booth.qr_unreadable": "Із цього зображення не вдалося зчитати QR-код. Спробуйте чіткіше фото або введіть код виборця вручну.",
  "booth.continue": "Продовжити",
  "booth.credential_invalid": "Цей код виборця недійсний: {detail}",
  "booth.deriving": "Обчислюємо ваш ключ із коду виборця…",
  "booth.deriving_progress": "Обчислюємо ваш ключ із коду виборця… {percent} %",
  "booth.not_on_roll": "Цього коду виборця немає в списку виборців. Перевірте, чи правильно ви його ввели і чи стосується він цих виборів.",
  "booth.step_choose": "2. Ваш вибір",
  "booth.district": "Ваш округ: {district}",
  "booth.choose_one": "Оберіть один варіант.",
  "booth.choose_between": "Оберіть від {min} до {max} варіантів.",
  "booth.wrong_count": "«{question}»: оберіть від {min} до {max} варіантів.",
  "booth.encrypt": "Зашифрувати мій вибір",
  "booth.step_tracking": "3. Ваш бюлетень зашифровано",
  "booth.tracking_help": "Це хеш відстеження вашого зашифрованого бюлетеня. Запишіть його перші групи: за ним ви знайдете свій бюлетень на публічній дошці оголошень.",
  "booth.cast_or_challenge": "Подайте бюлетень або розкрийте його для перевірки, щоб переконатися, що цей пристрій зашифрував саме ваш вибір. Розкритий бюлетень публікується на дошці у відкритому вигляді й ніколи не враховується; після цього кабіна шифрує ваш вибір заново.",
  "booth.mode_challenge": "З аркушами розкриття для перевірки працює так само. Воно доводить, що цей пристрій зашифрував саме те, що ви обрали; розкритий бюлетень публікується на дошці оголошень у відкритому вигляді й ніколи не враховується. Воно нічого не розкриває про ваш код виборця (коди на ваших аркушах), справжній чи фальшивий: дошка показує лише вибір поруч із групою позицій у списку виборців, яку називає кожен бюлетень (ваша — одна з них). Якщо ви не хочете показувати навіть це, розкрийте для перевірки бюлетень з іншим вибором: перевірка працює так само.",
  "booth.cast": "Подати цей бюлетень",
  "booth.challenge": "Розкрити для перевірки",
  "booth.challenged_fresh": "Бюлетень опубліковано розкритим для перевірки. Ваш вибір зашифровано заново: новий хеш відстеження показано нижче.",
  "booth.challenged_note": "Бюлетені, розкриті для перевірки (ніколи не враховуються), — перевірте їх на сторінці перевірки розкритих бюлетенів:",
  "booth.open_checker": "Відкрити перевірку розкритих бюлетенів",
  "booth.checker_elsewhere": "Перевірка розкритих бюлетенів — окрема сторінка, якої дошка оголошень не показує: відкрийте її в організації спостерігачів, якій ви довіряєте.",
  "booth.checkers_listed": "Незалежні сторінки перевірки розкритих бюлетенів, зазначені у визначенні виборів:",
  "booth.cast_failed": "Бюлетень не прийнято: {detail}",
  "booth.challenge_failed": "Розкриття для перевірки не прийнято ({detail}). Розкритий бюлетень міг уже залишити цей пристрій, тому його відкинуто, і його ніколи не буде подано: ваш вибір зашифровано заново, новий хеш відстеження показано нижче.",
  "booth.step_done": "Ваш бюлетень на дошці оголошень",
  "booth.done_help": "Дошка оголошень відповіла підписаною квитанцією. Збережіть її: за нею будь-хто може довести, що дошка прийняла ваш бюлетень.",
  "booth.save_receipt": "Зберегти квитанцію",
  "booth.vote_again": "Проголосувати ще раз",
  "booth.finish": "Завершити (забути код виборця)",
  "booth.notes_heading": "Варто знати",
  "booth.revote": "Ви можете проголосувати ще раз; враховується лише ваш останній бюлетень; повторне голосування видно на дошці оголошень як повторне.",
  "booth.mode_revote": "Ви можете проголосувати ще раз; враховується лише ваш останній бюлетень, поданий зі справжніми аркушами. Бюлетень не називає виборця, тож ніхто не відрізнить другий бюлетень від першого.",
  "booth.trust": "Код цієї кабіни надає той, хто її розміщує. Її збірка відтворювана, а її хеш записано у визначенні виборів; клієнт для голосування в командному рядку — рівноцінна альтернатива, а розкриття бюлетеня для перевірки викриває пристрій, що шифрує щось інше.",
  "receipt.tracking": "Хеш відстеження",
  "receipt.index": "Запис на дошці оголошень",
  "receipt.time": "Час за годинником дошки",
  "receipt.signature": "Підписана квитанція дошки",
  "receipt.verified": "дійсна: підписана ключем дошки з визначення виборів",
  "receipt.not_verified": "НЕДІЙСНА: підпис або запис не збігаються",
  "tracking.title": "Знайти бюлетень — plebiscite",
  "tracking.heading": "Знайти бюлетень на дошці оголошень",
  "tracking.help": "Введіть повний хеш відстеження, який показала кабіна. Сторінка знайде запис, заново обчислить його хеш відстеження, перевірить підписану квитанцію дошки й покаже, чи не замінив його пізніший бюлетень із тим самим кодом виборця.",
  "tracking.label": "Хеш відстеження (52 символи)",
  "tracking.find": "Знайти",
  "tracking.searching": "Шукаємо на дошці…",
  "tracking.invalid": "Це не хеш відстеження. Скопіюйте його ще раз з екрана кабіни або з вашої квитанції.",
  "tracking.empty": "Введіть хеш відстеження, який показала кабіна.",
  "tracking.bad_length": "Хеш відстеження має {expected} літер і цифр (без урахування дефісів і пробілів); тут їх {got}. Скопіюйте його ще раз з екрана кабіни або з вашої квитанції.",
  "tracking.bad_character": "Символ {position} («{character}») не трапляється в хеші відстеження. Скопіюйте його ще раз з екрана кабіни або з вашої квитанції.",
  "tracking.bad_ending": "Хеш відстеження не може закінчуватися таким символом: імовірно, один символ введено з помилкою. Скопіюйте його ще раз з екрана кабіни або з вашої квитанції.",
  "tracking.not_found": "На дошці оголошень немає бюлетеня (поданого чи розкритого для перевірки) з таким хешем відстеження.",
  "tracking.check_failed": "Запис не проходить перевірку: {detail}",
  "tracking.found_heading": "Знайдено на дошці",
  "tracking.kind": "Вид",
  "tracking.kind_ballot": "поданий бюлетень",
  "tracking.kind_challenge": "бюлетень, розкритий для перевірки (опублікований у відкритому вигляді, ніколи не враховується)",
  "tracking.recomputed": "Хеш відстеження, обчислений тут",
  "tracking.matches": "збігається із записом",
  "tracking.differs": "НЕ ЗБІГАЄТЬСЯ із записом",
  "tracking.not_recomputed": "не обчислено (вибори не відкрито в групі, яку підтримує ця сторінка)",
  "tracking.district": "Округ",
  "tracking.entry_hash": "Хеш запису",
  "tracking.no_receipt": "підписаної контрольної точки для цього запису не знайдено",
  "tracking.standing": "Статус",
  "tracking.latest": "поки що останній бюлетень із цим кодом виборця: він враховується, якщо його не замінять",
  "tracking.superseded": "замінений записом {index} від {time}: враховується пізніший бюлетень із тим самим кодом виборця (враховується лише останній: той, що названо за найновішою підписаною контрольною точкою); якщо ви його не подавали, проголосуйте ще раз і повідомте про це",
  "tracking.is_challenge": "розкритий для перевірки: ніколи не враховується",
  "checker.title": "Перевірка розкритих бюлетенів — plebiscite",
  "checker.heading": "Перевірити бюлетень, розкритий для перевірки",
  "checker.help": "Якщо ви розкрили бюлетень для перевірки в кабіні, введіть тут його хеш відстеження. Ця сторінка розміщена окремо від дошки оголошень: вона читає розкритий бюлетень із дошки, заново шифрує ваш вибір із розкритою випадковістю, перевіряє кожен доказ і показує, що зашифрував пристрій.",
  "checker.board": "Дошка оголошень: {board}",
  "checker.check": "Перевірити",
  "checker.checking": "Читаємо та перевіряємо розкритий бюлетень…",
  "checker.not_a_challenge": "Цей хеш відстеження належить поданому бюлетеню, а не розкритому для перевірки: поданий бюлетень ніколи не розкривається.",
  "checker.ok_heading": "Розкритий бюлетень пройшов перевірку",
  "checker.ok": "Кожен варіант заново шифрується з розкритого вибору та випадковості, хеш відстеження збігається, і кожен доказ дійсний.",
  "checker.mode_ok": "Що це доводить: пристрій зашифрував саме той вибір, що нижче, а бюлетень створено для списку виборців свого округу, як і будь-який інший, із дійсними доказами. Його розкрито для перевірки, тож він ніколи не враховується. Він нічого не розкриває про код виборця, яким його створено, і не каже, справжній цей код чи фальшивий.",
  "checker.failed_heading": "Розкритий бюлетень НЕ пройшов перевірку",
  "checker.failed": "Пристрій або дошка оголошень зашифрували не те, що розкрили. Збережіть хеш відстеження й повідомте спостерігачів.",
  "checker.nothing": "(нічого не обрано)",
  "checker.compare": "Порівняйте з тим, що ви обрали. Якщо відрізняється, пристрій вас обманув: не голосуйте на ньому й повідомте про це спостерігачів.",
  "dashboard.title": "Панель спостерігача — plebiscite",
  "dashboard.heading": "Панель спостерігача",
  "dashboard.refresh": "Оновити",
  "dashboard.updated": "Оновлено {time}",
  "dashboard.load_failed": "Не вдалося прочитати дошку оголошень: {detail}",
  "dashboard.state_heading": "Стан референдуму",
  "dashboard.state": "Стан",
  "dashboard.phase_empty": "на дошці оголошень немає виборів",
  "dashboard.phase_setup": "підготовка (церемонія генерації ключів, список виборців)",
  "dashboard.phase_voting": "голосування відкрито",
  "dashboard.phase_closed": "голосування закрито; триває підрахунок",
  "dashboard.phase_result": "результат оприлюднено",
  "dashboard.window": "Період голосування",
  "dashboard.board": "Дошка оголошень",
  "dashboard.head": "Поточна підписана контрольна точка",
  "dashboard.head_at": "запис {index} о {time}",
  "dashboard.head_ok": "підпис дійсний",
  "dashboard.head_bad": "підпис НЕДІЙСНИЙ",
  "dashboard.no_head": "ще немає",
  "dashboard.challenges": "Бюлетені, розкриті для перевірки",
  "dashboard.turnout_heading": "Явка за округами по днях голосування",
  "dashboard.turnout_help": "Підраховано на цій сторінці із записів дошки оголошень: виборці, які подали хоча б один бюлетень до кінця кожного дня, і бюлетені, замінені пізнішими з тим самим кодом виборця.",
  "dashboard.turnout_caption": "Явка в окрузі {district} на кінець кожного дня",
  "dashboard.chart_label": "Графік явки в окрузі {district}: зареєстровані виборці, ті, хто проголосував, замінені бюлетені, по днях; таблиця нижче містить ті самі числа.",
  "dashboard.day": "День",
  "dashboard.registered": "За­ре­єст­ро­ва­но",
  "dashboard.cast": "Про­го­ло­су­ва­ли",
  "dashboard.superseded": "За­мі­не­но",
  "dashboard.counted": "Вра­хо­ва­но",
  "dashboard.turnout": "Явка",
  "dashboard.challenged": "Роз­кри­то",
  "dashboard.checks_heading": "Власні перевірки дошки оголошень",
  "dashboard.checks_ok": "Жодної помилки в {entries} перевірених записах.",
  "dashboard.checks_failed": "Знайдено помилок: {count}.",
  "dashboard.checks_caption": "Перевірені елементи та помилки за перевірками",
  "dashboard.check": "Перевірка",
  "dashboard.check_what": "Що перевіряє",
  "dashboard.items": "Пе­ре­ві­ре­но",
  "dashboard.failures": "Помилки",
  "dashboard.results_heading": "Результати",
  "dashboard.results_caption": "Розшифровані підсумки за округами та загалом",
  "dashboard.withheld": "не розкрито: інакше можна було б дізнатися голоси групи, меншої за мінімальний розмір округу",
  "dashboard.total": "Усього",
  "dashboard.proofs_ok": "Підсумок, докази розшифрування та результат (V7–V9): перевірка дошки повторила їх за журналом до запису {index} і не знайшла помилок.",
  "dashboard.proofs_failed": "Підсумок, докази розшифрування та результат (V7–V9): перевірка дошки повторила їх за журналом до запису {index} і знайшла помилок: {count}.",
  "dashboard.proofs_pending": "Перевірка дошки ще не повторила підсумок, докази розшифрування та результат (V7–V9) за цим журналом; вона робить це невдовзі після кожного запису підрахунку. Тим часом завантажте журнал і запустіть plebiscite verify — ця команда перевіряє кожен доказ.",
  "dashboard.proofs_error": "Перевірка дошки не змогла виконати перевірки підсумку, доказів розшифрування та результату (V7–V9): {detail}. Завантажте журнал і запустіть plebiscite verify — ця команда перевіряє кожен доказ.",
  "dashboard.proofs_unknown": "Стан доказів розшифрування ще невідомий.",
  "dashboard.proof_line_ok": "{check}, {what}: перевірено {items}, помилок немає.",
  "dashboard.proof_line_failed": "{check}, {what}: перевірено {items}, помилок: {failures}.",
  "dashboard.final_ran": "Завершальні перевірки (V7–V9) востаннє виконано дошкою за журналом до запису {index}.",
  "dashboard.final_not_run": "Завершальні перевірки (V7–V9) виконуються, щойно результат з'явиться на дошці оголошень.",
  "dashboard.final_due": "Після цього з'явився новий запис підрахунку: перевірки невдовзі буде виконано знову.",
  "dashboard.result_entry": "Підписаний результат: запис {index}, {time}.",
  "dashboard.record_heading": "Журнал виборів",
  "dashboard.record_text": "Усе наведене вище можна заново отримати з публічного журналу виборів на власному комп'ютері командою plebiscite verify.",
  "dashboard.record_entries": "Завантажити всі записи (JSON Lines)",
  "dashboard.record_heads": "Підписані контрольні точки дошки",
  "check.V1": "ланцюг записів: хеші, посилання, час, підписані контрольні точки",
  "check.V2": "визначення виборів, ключі та контексти",
  "check.V3": "церемонія генерації ключів",
  "check.V4": "список виборців (відкриті ключі)",
  "check.V5": "кожен бюлетень: докази, підпис, список виборців, період голосування",
  "check.V6": "враховані бюлетені: останній бюлетень кожного виборця",
  "check.V7": "підсумок врахованих бюлетенів",
  "check.V8": "часткові розшифрування та їхні докази",
  "check.V9": "результат проти розшифрування",
  "check.V10": "бюлетені, розкриті для перевірки",
  "check.V11": "раунди перемішування: перемішування та їхні докази",
  "check.V12": "режим підроблених кодів виборця: дійсні бюлетені в порядку дошки",
  "check.V13": "режим підроблених кодів виборця: дублікати вилучено за сліпими мітками",
  "check.V14": "режим підроблених кодів виборця: одна перевірка рівності на перемішаний бюлетень",
  "fake.title": "Створити фальшивий аркуш — plebiscite",
  "fake.heading": "Якщо у вас вимагають аркуші: створіть фальшивий",
  "fake.offline": "Після того як цей пристрій перевірив ваш аркуш за дошкою оголошень, ця сторінка створює фальшиві аркуші без мережі. Ніщо з того, що ви тут завантажуєте або вводите, не залишає цього пристрою.",
  "fake.receive_heading": "Що ви отримуєте",
  "fake.receive": "Під час реєстрації ви отримуєте по одному аркушу від кожного реєстратора. На кожному аркуші є довгий код. Ваш телефон або комп'ютер перевіряє кожен аркуш за публічним списком виборців: якщо перевірка не вдалася, одразу скажіть про це реєстраторові й не користуйтеся цим аркушем.",
  "fake.forced_heading": "Якщо вас змушують віддати аркуші",
  "fake.forced": "Не сперечайтеся. На своєму пристрої виберіть «створити фальшивий аркуш» для кожного аркуша й віддайте фальшиві. Вони виглядають точно як справжні й проходять ту саму перевірку на будь-якому пристрої. Той, хто ними скористається, зможе проголосувати, і цей голос буде прийнято й показано на публічній дошці оголошень, як і будь-який інший. Під час підрахунку його буде відкинуто, і ніхто не зможе побачити, який саме голос відкинуто.",
  "fake.then_heading": "Потім проголосуйте самі, своїми справжніми аркушами",
  "fake.then": "Голосуйте, коли будете наодинці й ніхто не дивитиметься, — у будь-який час до закриття голосування. Враховується лише ваш останній голос, поданий зі справжніми аркушами.",
  "fake.limits_heading": "Від чого це не захищає",
  "fake.limit_watched": "Від того, хто бачив вашу реєстрацію або забрав ваші справжні аркуші, перш ніж ви встигли їх перевірити.",
  "fake.limit_control": "Від того, хто тримає вас під контролем від реєстрації до закриття голосування, так що у вас немає жодної хвилини наодинці, щоб проголосувати.",
  "fake.limit_small": "У дуже маленькому окрузі той, хто забороняє вам голосувати, може помітити, що кількість голосів не змінилася.",
  "fake.limit_secret": "Ховайте справжні аркуші й нікому не кажіть, що ви створили фальшиві.",
  "fake.step_load": "Створити фальшивий аркуш",
  "fake.sheet_label": "Файл вашого аркуша",
  "fake.sheet_paste_label": "Або вставте текст файлу вашого аркуша",
  "fake.key_label": "Ваш файл ключа (створений на цьому пристрої під час реєстрації)",
  "fake.make": "Створити фальшивий аркуш",
  "fake.working": "Перевіряємо ваш аркуш і створюємо фальшивий на цьому пристрої…",
  "fake.no_sheet": "Завантажте файл вашого аркуша або вставте його текст.",
  "fake.no_key": "Завантажте файл ключа, який цей пристрій створив під час вашої реєстрації.",
  "fake.bad_sheet": "Це не файл аркуша: {detail}",
  "fake.bad_key": "Це не той файл ключа, для якого створено цей аркуш: {detail}",
  "fake.real_fails": "Ваш аркуш не проходить перевірку за дошкою оголошень. Одразу скажіть про це реєстраторові й не користуйтеся цим аркушем.",
  "fake.done_heading": "Ваш фальшивий аркуш",
  "fake.done": "Він має той самий округ, ту саму позицію й того самого реєстратора, що й ваш аркуш, і новий код, та проходить ту саму перевірку на будь-якому пристрої. Віддайте його замість справжнього.",
  "fake.share": "Код на фальшивому аркуші",
  "fake.district": "Округ",
  "fake.position": "Позиція у списку виборців",
  "fake.registrar": "Реєстратор",
  "fake.checked": "Перевірено на цьому пристрої: фальшивий аркуш проходить ту саму перевірку, що й справжній.",
  "fake.save": "Зберегти файл фальшивого аркуша",
  "fake.again": "Створити фальшивий аркуш для іншого аркуша",
  "fake.check": "Перевірити цей аркуш",
  "fake.checking": "Перевіряємо ваш аркуш за дошкою оголошень…",
  "fake.check_ok": "Ваш аркуш пройшов перевірку: реєстратор {registrar} опублікував на позиції {position} округу {district} зашифрований код вашого аркуша. Тепер цей пристрій зберігає все потрібне, щоб створювати для нього фальшиві аркуші без мережі.",
  "fake.not_checked_here": "Цей пристрій ще не перевіряв цей аркуш, а дошка оголошень недоступна. Перевірте аркуш один раз, коли є з'єднання; після цього фальшиві аркуші можна створювати без мережі.",
  "fake.board_failed": "Не вдалося прочитати дошку оголошень, або на ній немає запису вашого аркуша у списку виборців: {detail}",
  "fake.check_heading": "Ваш аркуш пройшов перевірку",
  "booth.step_sheets": "1. Ваші аркуші",
  "booth.sheets_help": "Введіть коди ваших аркушів, по одному від кожного реєстратора, або завантажте файли аркушів. Вони залишаються на цьому пристрої: бюлетень містить лише їх зашифрований вигляд.",
  "booth.sheet_files_label": "Файли ваших аркушів (по одному від кожного реєстратора)",
  "booth.sheet_district": "Округ (як на ваших аркушах)",
  "booth.sheet_position": "Позиція у списку виборців (як на ваших аркушах)",
  "booth.share_label": "Код аркуша {registrar} ({name})",
  "booth.sheets_invalid": "{detail}",
  "booth.sheets_mixed": "Ці аркуші вказують різні вибори, округи чи позиції або два аркуші одного реєстратора: завантажте аркуші однієї реєстрації.",
  "booth.position_invalid": "Позиції {position} немає у списку виборців цього округу.",
  "booth.fake_note": "Якщо у вас вимагають аркуші, віддайте фальшиві: цей пристрій створює їх на сторінці фальшивих аркушів. Потім проголосуйте тут самі справжніми аркушами; враховується лише ваш останній бюлетень, поданий з ними.",
  "dashboard.roll": "Список виборців",
  "dashboard.ballots": "Подано бюлетенів",
  "dashboard.mode_turnout_help": "На цих виборах бюлетень не називає виборця: дошка оголошень показує, скільки бюлетенів подано, а не скільки виборців їх подали.",
  "dashboard.steps_heading": "Кроки підрахунку (фальшиві аркуші)",
  "dashboard.steps_help": "Повтори того самого коду виборця відкинуто за засліпленими мітками, бюлетені перемішано, потім кожен звірено із записом списку виборців, на який він указує: скільки записів має кожен крок на дошці оголошень.",
  "dashboard.steps_caption": "Записи кроків підрахунку на дошці оголошень",
  "dashboard.step": "Крок",
  "dashboard.step_kind": "Вид запису",
  "dashboard.step_entries": "Записів",
  "dashboard.rule_heading": "Зараховані бюлетені, перевірені на цій сторінці",
  "dashboard.rule_help": "Обчислено тут із записів дошки оголошень: щойно на дошці є підрахунок, кожен округ із дійсним бюлетенем мав пройти свій раунд міток до звірки (pet_match), а підрахунок має зараховувати саме звірені бюлетені. Перевірки, записи й поля ті самі, що в plebiscite verify.",
  "dashboard.rule_checking": "Перевіряємо записи дошки оголошень …",
  "dashboard.rule_ok": "Виконано для підрахунку в записі {index}: кожен округ із дійсним бюлетенем звірено, і підрахунок зараховує звірені бюлетені.",
  "dashboard.rule_failed": "Не виконано (знайдено: {count}): підрахунок у записі {index} не зараховує звірені бюлетені.",
  "dashboard.rule_error": "Не вдалося перевірити: {detail}",
  "dashboard.step_dedup": "Повтори відкинуто",
  "dashboard.step_mix": "Перемішано",
  "dashboard.step_match": "Звірено зі списком виборців",
  "tracking.mode_standing": "Бюлетень цих виборів не називає виборця: чи замінив його пізніший бюлетень з тими самими аркушами, визначає підрахунок, який враховує лише останній бюлетень зі справжніми аркушами й нікому не показує, які бюлетені він відкинув."
};

// src/pages/common.js
var LANGUAGES = Object.freeze({ en: en_default, uk: uk_default, ru: ru_default });
var LANG_KEY = "plebiscite-lang";
var SIGNED_HEAD = "plebiscite/v1/sign/head";
var language = "en";
var renderers = [];
function pickLanguage() {
  const fromUrl = new URLSearchParams(location.search).get("lang");
  if (fromUrl && fromUrl in LANGUAGES) return fromUrl;
  try {
    const saved = localStorage.getItem(LANG_KEY);
    if (saved && saved in LANGUAGES) return saved;
  } catch {
  }
  for (const tag of navigator.languages || [navigator.language || "en"]) {
    const base = String(tag).toLowerCase().split("-")[0];
    if (base in LANGUAGES) return base;
  }
  return "en";
}
function currentLanguage() {
  return language;
}
function t(key, vars = {}) {
  const table = LANGUAGES[language];
  let text = table[key] ?? en_default[key];
  if (text === void 0) throw new Error(`missing translation key ${key}`);
  for (const [name, value] of Object.entries(vars)) text = text.split(`{${name}}`).join(String(value));
  return text;
}
function localText(value) {
  if (typeof value === "string") return value;
  if (value === null || typeof value !== "object") return "";
  if (typeof value[language] === "string") return value[language];
  const first = Object.values(value).find((v) => typeof v === "string");
  return first ?? "";
}
function applyTranslations(root = document) {
  document.documentElement.lang = language;
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll("[data-i18n-label]")) el.setAttribute("aria-label", t(el.dataset.i18nLabel));
  const title = document.querySelector("title[data-i18n]");
  if (title) document.title = title.textContent;
}
function onLanguageChange(render) {
  renderers.push(render);
}
function initLanguage() {
  language = pickLanguage();
  const select = document.getElementById("lang");
  if (select) {
    select.value = language;
    select.addEventListener("change", () => {
      language = select.value in LANGUAGES ? select.value : "en";
      try {
        localStorage.setItem(LANG_KEY, language);
      } catch {
      }
      applyTranslations();
      for (const render of renderers) render();
    });
  }
  applyTranslations();
}
function trackingProblem(exc) {
  if (exc && exc.reason === "length") {
    return exc.got === 0 ? t("tracking.empty") : t("tracking.bad_length", { got: exc.got, expected: exc.expected });
  }
  if (exc && exc.reason === "character") {
    return t("tracking.bad_character", { position: exc.position, character: exc.character });
  }
  if (exc && exc.reason === "ending") return t("tracking.bad_ending");
  return t("tracking.invalid");
}
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === void 0 || value === null || value === false) continue;
    if (name === "class") el.className = value;
    else if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, "");
    else el.setAttribute(name, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === void 0 || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}
function trackingGroups(text) {
  const groups = String(text).split("-");
  return groups.flatMap(
    (group, i) => i < groups.length - 1 ? [h("span", { class: "group" }, `${group}-`), h("wbr")] : [h("span", { class: "group" }, group)]
  );
}
function fill(id, ...children) {
  const el = document.getElementById(id);
  el.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== void 0 && c !== false));
  return el;
}
function say(id, text, kind = "info") {
  const el = document.getElementById(id);
  el.textContent = text;
  el.dataset.kind = kind;
  el.hidden = !text;
}
function formatTime(micros) {
  const ms = Math.floor(Number(micros) / 1e3);
  return new Date(ms).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
}
function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
function downloadJson(name, value) {
  const blob = new Blob([canonicalJson(value) + "\n"], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1e4);
}
var RECEIPT_FORMAT = "plebiscite-receipt-v1";
function boardUrl() {
  const meta = document.querySelector('meta[name="plebiscite-board"]');
  const given = meta ? meta.content.trim() : "";
  return (given || location.origin).replace(/\/+$/, "");
}
function checkerUrl() {
  const meta = document.querySelector('meta[name="plebiscite-checker"]');
  return meta ? meta.content.trim() : "";
}
var BoardError = class extends Error {
  constructor(status, reason, detail) {
    super(`${reason}: ${detail}`);
    this.status = status;
    this.reason = reason;
    this.detail = detail;
  }
};
async function answer(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const reason = body && typeof body.reason === "string" ? body.reason : `http_${response.status}`;
    const detail = body && typeof body.detail === "string" ? body.detail : response.statusText;
    throw new BoardError(response.status, reason, detail);
  }
  return body;
}
async function getJSON(path) {
  const response = await fetch(boardUrl() + path, {
    cache: "no-store",
    credentials: "omit",
    referrerPolicy: "no-referrer"
  });
  return answer(response);
}
async function postJSON(path, body) {
  const response = await fetch(boardUrl() + path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    cache: "no-store",
    credentials: "omit",
    referrerPolicy: "no-referrer"
  });
  return answer(response);
}
async function scanEntries(start, visit) {
  let at = start;
  for (; ; ) {
    const page = await getJSON(`/entries?start=${at}`);
    if (page.entries.length === 0) return;
    for (const entry of page.entries) if (visit(entry) === true) return;
    at = page.next;
  }
}
async function loadElection() {
  const manifestEntry = await getJSON("/manifest");
  const found = { manifest: manifestEntry.body, electionKey: null, open: null, roll: /* @__PURE__ */ new Map(), after: 0 };
  await scanEntries(0, (entry) => {
    found.after = entry.index + 1;
    if (entry.kind === "election_key") found.electionKey = entry.body;
    else if (entry.kind === "credential_roll") {
      for (const key of entry.body.keys) found.roll.set(key, entry.body.district);
    } else if (entry.kind === "open") {
      found.open = entry.body;
      return true;
    }
    return false;
  });
  return found;
}
async function headAt(index) {
  let start = 0;
  for (; ; ) {
    const page = await getJSON(`/heads?start=${start}`);
    if (page.heads.length === 0) return null;
    const head = page.heads.find((x) => x.index === index);
    if (head) return head;
    start = page.next;
  }
}
function headVerifies(c, head, boardKeyHex) {
  try {
    const key = c.xonlyFromHex(boardKeyHex, "board key");
    const signature = c.strictHex(head.signature, "head signature", 64);
    const values = [
      c.strictHex(head.election_id, "head election id", 16),
      BigInt(head.index),
      c.strictHex(head.entry_hash, "head entry hash", 32),
      BigInt(head.time)
    ];
    return c.verifyTagged(key, signature, SIGNED_HEAD, values);
  } catch {
    return false;
  }
}
function districtName(manifest, id) {
  const d = manifest.districts.find((x) => x.id === id);
  return d ? localText(d.name) : id;
}
export {
  BoardError,
  LANGUAGES,
  RECEIPT_FORMAT,
  SIGNED_HEAD,
  applyTranslations,
  boardUrl,
  canonicalJson,
  checkerUrl,
  currentLanguage,
  districtName,
  downloadJson,
  fill,
  formatTime,
  getJSON,
  h,
  headAt,
  headVerifies,
  initLanguage,
  loadElection,
  localText,
  onLanguageChange,
  postJSON,
  say,
  scanEntries,
  t,
  trackingGroups,
  trackingProblem
};
