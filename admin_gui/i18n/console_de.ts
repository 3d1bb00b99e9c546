<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ChatPage</name>
    <message>
        <location filename="../widgets/chat_page.py" line="39"/>
        <source>All rooms</source>
        <translation>Alle Räume</translation>
    </message>
    <message>
        <location filename="../widgets/chat_page.py" line="40"/>
        <source>Lobby</source>
        <translation>Lobby</translation>
    </message>
    <message>
        <location filename="../widgets/chat_page.py" line="43"/>
        <source>Chat lines</source>
        <translation>Chatzeilen</translation>
    </message>
    <message>
        <location filename="../widgets/chat_page.py" line="46"/>
        <source>Everyone</source>
        <translation>Alle</translation>
    </message>
    <message>
        <location filename="../widgets/chat_page.py" line="49"/>
        <source>Write to the students…</source>
        <translation>An die Schüler schreiben…</translation>
    </message>
    <message>
        <location filename="../widgets/chat_page.py" line="50"/>
        <source>&amp;Send</source>
        <translation>&amp;Senden</translation>
    </message>
    <message>
        <location filename="../widgets/chat_page.py" line="57"/>
        <source>Lines of muted students reach nobody; they are shown here in grey. Every line is kept with the lesson.</source>
        <translation>Zeilen stummgeschalteter Schüler erreichen niemanden; sie erscheinen hier grau. Jede Zeile wird mit der Stunde gespeichert.</translation>
    </message>
    <message>
        <location filename="../widgets/chat_page.py" line="63"/>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <location filename="../widgets/chat_page.py" line="67"/>
        <source>To</source>
        <translation>An</translation>
    </message>
    <message>
        <location filename="../widgets/chat_page.py" line="89"/>
        <location filename="../widgets/chat_page.py" line="90"/>
        <source>Room {0}</source>
        <translation>Raum {0}</translation>
    </message>
    <message>
        <location filename="../widgets/chat_page.py" line="115"/>
        <source>everyone</source>
        <translation>alle</translation>
    </message>
    <message>
        <location filename="../widgets/chat_page.py" line="117"/>
        <source>lobby</source>
        <translation>Lobby</translation>
    </message>
    <message>
        <location filename="../widgets/chat_page.py" line="119"/>
        <source>room {0}</source>
        <translation>Raum {0}</translation>
    </message>
    <message>
        <location filename="../widgets/chat_page.py" line="122"/>
        <source>(muted: not delivered)</source>
        <translation>(stumm: nicht zugestellt)</translation>
    </message>
    <message>
        <location filename="../widgets/chat_page.py" line="124"/>
        <source>(filtered)</source>
        <translation>(gefiltert)</translation>
    </message>
</context>
<context>
    <name>FlagsPage</name>
    <message>
        <location filename="../widgets/flags_page.py" line="32"/>
        <source>The host checks every message: too many inputs a second, values out of range or not numbers. Offending messages are dropped and listed here.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FlightDialog</name>
    <message>
        <location filename="../dialogs/flight_dialog.py" line="43"/>
        <source>Flight of {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../dialogs/flight_dialog.py" line="47"/>
        <source>&lt;b&gt;{0}&lt;/b&gt;: {1} ({2}), {3} points, {4} stars, {5:.1f} s on {6}.&lt;br&gt;Flown with gravity {7:.2f} m/s², air {8:.3g} kg/m³, wind {9:+.1f} m/s, engine {10:.0f} N, fuel {11:.0f} kg.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../dialogs/flight_dialog.py" line="68"/>
        <source>Save &amp;telemetry as CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../dialogs/flight_dialog.py" line="91"/>
        <source>Could not save {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../dialogs/flight_dialog.py" line="94"/>
        <source>Saved {0} samples to {1}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FlightPlots</name>
    <message>
        <location filename="../widgets/flight_plots.py" line="15"/>
        <source>Altitude above ground</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/flight_plots.py" line="16"/>
        <source>Speeds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/flight_plots.py" line="17"/>
        <source>Tilt from upright</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/flight_plots.py" line="18"/>
        <source>Fuel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/flight_plots.py" line="37"/>
        <source>altitude</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/flight_plots.py" line="38"/>
        <source>ground</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/flight_plots.py" line="43"/>
        <source>vertical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/flight_plots.py" line="44"/>
        <source>horizontal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/flight_plots.py" line="50"/>
        <source>safe touchdown: |vertical| ≤ {0:g}, |horizontal| ≤ {1:g}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/flight_plots.py" line="60"/>
        <source>tilt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/flight_plots.py" line="65"/>
        <source>safe: ±{0:g}°</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/flight_plots.py" line="73"/>
        <source>fuel left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/flight_plots.py" line="75"/>
        <source>above 10% reserve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/flight_plots.py" line="76"/>
        <source>reserve</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <location filename="../models/history_model.py" line="23"/>
        <source>still open</source>
        <translation>noch offen</translation>
    </message>
    <message>
        <location filename="../models/history_model.py" line="25"/>
        <source>{0} min</source>
        <translation>{0} min</translation>
    </message>
    <message>
        <location filename="../models/history_model.py" line="30"/>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <location filename="../models/history_model.py" line="32"/>
        <source>completed</source>
        <translation>beendet</translation>
    </message>
    <message>
        <location filename="../models/history_model.py" line="33"/>
        <source>ended by teacher</source>
        <translation>von der Lehrkraft beendet</translation>
    </message>
    <message>
        <location filename="../models/history_model.py" line="34"/>
        <source>interrupted</source>
        <translation>abgebrochen</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <location filename="../widgets/history_page.py" line="85"/>
        <source>class name or join code</source>
        <translation>Klassenname oder Beitrittscode</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="87"/>
        <source>Search lessons</source>
        <translation>Stunden suchen</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="88"/>
        <source>&amp;From</source>
        <translation>&amp;Von</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="90"/>
        <source>&amp;To</source>
        <translation>&amp;Bis</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="102"/>
        <source>Re&amp;fresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="110"/>
        <source>&amp;Search</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="136"/>
        <location filename="../widgets/history_page.py" line="257"/>
        <source>Choose a lesson to see its rounds.</source>
        <translation>Wählen Sie eine Stunde, um ihre Runden zu sehen.</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="171"/>
        <source>The “from” date is after the “to” date.</source>
        <translation>Das „Von“-Datum liegt nach dem „Bis“-Datum.</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="175"/>
        <source>Reading the lessons…</source>
        <translation>Stunden werden gelesen…</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="234"/>
        <source>Lessons found: {0}</source>
        <translation>Gefundene Stunden: {0}</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="236"/>
        <source>No lesson matches.</source>
        <translation>Keine Stunde passt.</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="260"/>
        <source>{0}, {1} (code {2}). Rounds: {3}</source>
        <translation>{0}, {1} (Code {2}). Runden: {3}</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="281"/>
        <source>Reading lesson {0}…</source>
        <translation>Stunde {0} wird gelesen…</translation>
    </message>
</context>
<context>
    <name>KnobsPage</name>
    <message>
        <location filename="../widgets/knobs_page.py" line="26"/>
        <source>&amp;Gravity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/knobs_page.py" line="27"/>
        <source>&amp;Air density</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/knobs_page.py" line="28"/>
        <source>&amp;Wind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/knobs_page.py" line="29"/>
        <source>&amp;Thrust</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/knobs_page.py" line="30"/>
        <source>&amp;Fuel at start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/knobs_page.py" line="36"/>
        <source>&lt;b&gt;Knob&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/knobs_page.py" line="37"/>
        <source>&lt;b&gt;Next round&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/knobs_page.py" line="38"/>
        <source>&lt;b&gt;World&apos;s own value&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/knobs_page.py" line="55"/>
        <source>&amp;Use the world&apos;s physics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/knobs_page.py" line="61"/>
        <source>Change the physics for the next round: ask the class to predict what will happen, then fly it. Every result remembers the physics it was flown with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/knobs_page.py" line="110"/>
        <source>The next round flies with the world&apos;s own physics.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/knobs_page.py" line="113"/>
        <source>The next round flies with {0}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../widgets/main_window.py" line="59"/>
        <source>Moonbase Mission Control</source>
        <translation>Moonbase Mission Control</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="71"/>
        <source>Start a class</source>
        <translation>Klasse starten</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="72"/>
        <source>Roster</source>
        <translation>Teilnehmer</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="73"/>
        <source>Rooms</source>
        <translation>Räume</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="74"/>
        <source>Watch live</source>
        <translation>Live zuschauen</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="75"/>
        <source>Results</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="76"/>
        <source>Physics knobs</source>
        <translation>Physik-Regler</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="77"/>
        <source>Flags</source>
        <translation>Meldungen</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="78"/>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="79"/>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="80"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="84"/>
        <source>Screens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="100"/>
        <source>Start &amp;round</source>
        <translation>&amp;Runde starten</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="104"/>
        <source>&amp;Projector view</source>
        <translation>&amp;Beamer-Ansicht</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="108"/>
        <source>Lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="115"/>
        <source>No class yet</source>
        <translation>Noch keine Klasse</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="196"/>
        <source>Hosting {0}: code {1} at {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="208"/>
        <source>Could not {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="220"/>
        <source>cloud sync off</source>
        <translation>Cloud-Sync aus</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="222"/>
        <source>Set the cloud address and key in Settings to send results</source>
        <translation>Cloud-Adresse und Schlüssel in den Einstellungen eintragen, um Ergebnisse zu senden</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="227"/>
        <source>last sent {0}</source>
        <translation>zuletzt gesendet {0}</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="229"/>
        <source>nothing sent yet</source>
        <translation>noch nichts gesendet</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="230"/>
        <source>Cloud sync: {0} waiting, {1}</source>
        <translation>Cloud-Sync: {0} wartend, {1}</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="232"/>
        <source>; plan {0}</source>
        <translation>; Tarif {0}</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="235"/>
        <source>; failing: {0}</source>
        <translation>; Fehler: {0}</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="241"/>
        <source>Last error at {0}: {1}</source>
        <translation>Letzter Fehler um {0}: {1}</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="315"/>
        <source>Ending the lesson: saving every result…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResultsModel</name>
    <message>
        <location filename="../models/results_model.py" line="31"/>
        <source>world default</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResultsPage</name>
    <message>
        <location filename="../widgets/results_page.py" line="61"/>
        <source>no round yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="63"/>
        <source>&amp;Plot flight</source>
        <translation>Flug &amp;zeigen</translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="65"/>
        <source>&amp;Export CSV…</source>
        <translation>CSV &amp;exportieren…</translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="70"/>
        <source>R&amp;ound</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="89"/>
        <source>This round</source>
        <translation>Diese Runde</translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="90"/>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="91"/>
        <source>This week</source>
        <translation>Diese Woche</translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="92"/>
        <source>All time</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="94"/>
        <source>Class leaderboard</source>
        <translation>Bestenliste der Klasse</translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="131"/>
        <source>Round {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="145"/>
        <source>{0} results of round {1}, read from the database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="168"/>
        <source>Exported {0} results to {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="219"/>
        <source>Exporting round {0}…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RoomCard</name>
    <message>
        <location filename="../widgets/rooms_page.py" line="85"/>
        <source>Students in room {0}</source>
        <translation>Schüler in Raum {0}</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="85"/>
        <source>Students waiting</source>
        <translation>Wartende Schüler</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="87"/>
        <source>Room {0}</source>
        <translation>Raum {0}</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="87"/>
        <source>Lobby</source>
        <translation>Lobby</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="101"/>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="102"/>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="103"/>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="104"/>
        <source>End now</source>
        <translation>Jetzt beenden</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="150"/>
        <source>Waiting</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="151"/>
        <source>Countdown</source>
        <translation>Countdown</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="152"/>
        <source>Flying</source>
        <translation>Im Flug</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="153"/>
        <source>Paused</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="154"/>
        <source>Saving results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="155"/>
        <source>Round over</source>
        <translation>Runde vorbei</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="159"/>
        <source>{0}, wave {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="162"/>
        <source>starts in {0:.0f} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="164"/>
        <source>{0:.0f} s left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="170"/>
        <source>Students: {0}</source>
        <translation>Schüler: {0}</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="172"/>
        <source>nobody yet: drag students here</source>
        <translation>noch niemand: Schüler hierher ziehen</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="174"/>
        <source>nobody waiting</source>
        <translation>niemand wartet</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="176"/>
        <source>no round yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="179"/>
        <source>round {0} ({1}): {2} flying, {3} finished</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RoomsPage</name>
    <message>
        <location filename="../widgets/rooms_page.py" line="209"/>
        <source>&amp;New room</source>
        <translation>&amp;Neuer Raum</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="210"/>
        <source>Auto-&amp;group by rating</source>
        <translation>Nach Wertung &amp;gruppieren</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="213"/>
        <source>Every student not flying goes into new rooms of up to eight, neighbours by rating together</source>
        <translation>Alle Schüler, die nicht fliegen, kommen in neue Räume zu höchstens acht, nach Wertung benachbart</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="221"/>
        <source>Start a &amp;round in every room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="222"/>
        <source>&amp;Pause all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="223"/>
        <source>Res&amp;ume all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="224"/>
        <source>&amp;End all now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="233"/>
        <source>Students who join during a round watch it and fly in the next one. The physics knobs apply to the next round. Ending a round now keeps every result already saved; flights still in the air get none. Drag a student onto another room to move them.</source>
        <translation>Wer während einer Runde beitritt, schaut zu und fliegt in der nächsten. Die Physik-Regler gelten ab der nächsten Runde. Wird eine Runde jetzt beendet, bleiben alle gespeicherten Ergebnisse erhalten; Flüge in der Luft bekommen keines. Schüler auf einen anderen Raum ziehen, um sie zu verschieben.</translation>
    </message>
</context>
<context>
    <name>RosterModel</name>
    <message>
        <location filename="../models/roster_model.py" line="18"/>
        <source>not joined yet</source>
        <translation>noch nicht beigetreten</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="20"/>
        <source>barred</source>
        <translation>gesperrt</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="22"/>
        <source>removed</source>
        <translation>entfernt</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="24"/>
        <source>left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="26"/>
        <source>ping {0} ms</source>
        <translation>Ping {0} ms</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="27"/>
        <source>heard {0} s ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="32"/>
        <source>on the roster</source>
        <translation>auf der Liste</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="34"/>
        <source>barred from this lesson</source>
        <translation>für diese Stunde gesperrt</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="36"/>
        <source>removed by you</source>
        <translation>von Ihnen entfernt</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="43"/>
        <source>lobby</source>
        <translation>Lobby</translation>
    </message>
</context>
<context>
    <name>RosterPage</name>
    <message>
        <location filename="../widgets/roster_page.py" line="38"/>
        <source>Load roster CSV</source>
        <translation>Teilnehmerliste (CSV) laden</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="40"/>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>CSV-Dateien (*.csv *.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="74"/>
        <location filename="../widgets/roster_page.py" line="181"/>
        <source>Nobody has joined yet. Share the join code.</source>
        <translation>Noch niemand beigetreten. Teile den Beitrittscode.</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="79"/>
        <location filename="../widgets/roster_page.py" line="203"/>
        <source>No roster loaded: anyone with the join code may join.</source>
        <translation>Keine Teilnehmerliste geladen: alle mit dem Beitrittscode dürfen beitreten.</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="80"/>
        <source>&amp;Load roster CSV…</source>
        <translation>Teilnehmerliste (CSV) &amp;laden…</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="81"/>
        <source>Let &amp;anyone join</source>
        <translation>&amp;Alle zulassen</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="82"/>
        <source>&amp;Hide ranks until the round ends</source>
        <translation>Ränge bis Rundenende &amp;verbergen</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="84"/>
        <source>Students see only their own score while a round runs; all scores after it</source>
        <translation>Während einer Runde sehen Schüler nur die eigene Punktzahl, danach alle</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="94"/>
        <source>Mo&amp;ve to room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="95"/>
        <source>&amp;Mute / unmute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="96"/>
        <source>Re&amp;move from class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="97"/>
        <location filename="../widgets/roster_page.py" line="169"/>
        <source>Lift &amp;bar</source>
        <translation>Sperre auf&amp;heben</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="98"/>
        <location filename="../widgets/roster_page.py" line="170"/>
        <source>Let a barred student join this lesson again</source>
        <translation>Einen gesperrten Schüler wieder an dieser Stunde teilnehmen lassen</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="154"/>
        <source>Roster loaded: {0} nicknames may join; nobody else can.</source>
        <translation>Teilnehmerliste geladen: {0} Spitznamen dürfen beitreten, sonst niemand.</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="166"/>
        <source>Let back &amp;in</source>
        <translation>&amp;Wieder zulassen</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="167"/>
        <source>Let a student you removed join this lesson again</source>
        <translation>Einen entfernten Schüler wieder an dieser Stunde teilnehmen lassen</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="179"/>
        <source>{0} students joined, {1} connected.</source>
        <translation>{0} Schüler:innen beigetreten, {1} verbunden.</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="183"/>
        <source>{0} barred from this lesson.</source>
        <translation>{0} für diese Stunde gesperrt.</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="189"/>
        <source> and {0} more</source>
        <translation> und {0} weitere</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="191"/>
        <source>Not joined yet ({0}): {1}</source>
        <translation>Noch nicht beigetreten ({0}): {1}</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="207"/>
        <source>Roster: {0} nicknames; only they may join.</source>
        <translation>Teilnehmerliste: {0} Spitznamen; nur sie dürfen beitreten.</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="217"/>
        <source>Room {0}</source>
        <translation>Raum {0}</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="220"/>
        <source>New room {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../widgets/settings_page.py" line="45"/>
        <source>any free port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/settings_page.py" line="48"/>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/settings_page.py" line="63"/>
        <source>Not available yet: this host sends game traffic unencrypted on the LAN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/settings_page.py" line="67"/>
        <source>Host &amp;port</source>
        <translation>Host-&amp;Port</translation>
    </message>
    <message>
        <location filename="../widgets/settings_page.py" line="68"/>
        <source>&amp;Data folder</source>
        <translation>&amp;Datenordner</translation>
    </message>
    <message>
        <location filename="../widgets/settings_page.py" line="69"/>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <location filename="../widgets/settings_page.py" line="70"/>
        <source>Cloud &amp;address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/settings_page.py" line="71"/>
        <source>Cloud &amp;key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/settings_page.py" line="72"/>
        <source>Encryption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/settings_page.py" line="73"/>
        <source>&amp;Save settings</source>
        <translation>Einstellungen &amp;speichern</translation>
    </message>
    <message>
        <location filename="../widgets/settings_page.py" line="75"/>
        <source>Saved settings apply the next time Mission Control starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/settings_page.py" line="85"/>
        <source>Data folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/settings_page.py" line="93"/>
        <source>The data folder cannot be empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/settings_page.py" line="108"/>
        <source>Saved to {0} and {1}; they apply the next time Mission Control starts.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SpectatorView</name>
    <message>
        <location filename="../widgets/spectator_view.py" line="92"/>
        <source>No round yet. Start a round to watch it here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/spectator_view.py" line="186"/>
        <source>Round {0} on {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/spectator_view.py" line="188"/>
        <source>Round {0} on {1}: starts in {2:.0f} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/spectator_view.py" line="193"/>
        <source>Round {0} on {1}: {2:.0f} s left, {3} flying</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <location filename="../widgets/start_page.py" line="38"/>
        <source>Lunar Lander</source>
        <translation>Mondlandung</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="42"/>
        <source>{0} (gravity {1:g} m/s²)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="51"/>
        <source>Solo (each on their own)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="52"/>
        <source>Competitive (race to land, up to 8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="53"/>
        <source>Cooperative (one team score)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="54"/>
        <source>Survival (waves of rising difficulty)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="62"/>
        <source>Computer pilots that fly each solo round beside the students</source>
        <translation>Computerpiloten, die jede Solo-Runde neben den Schülern fliegen</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="64"/>
        <source>AI pilots</source>
        <translation>KI-Piloten</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="69"/>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="70"/>
        <location filename="../widgets/start_page.py" line="158"/>
        <source>&amp;Start class</source>
        <translation>Klasse &amp;starten</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="80"/>
        <source>&amp;Class name</source>
        <translation>&amp;Klassenname</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="81"/>
        <source>&amp;Game</source>
        <translation>&amp;Spiel</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="82"/>
        <source>&amp;World</source>
        <translation>&amp;Welt</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="83"/>
        <source>&amp;Mode</source>
        <translation>&amp;Modus</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="84"/>
        <source>&amp;AI pilots (solo)</source>
        <translation>&amp;KI-Piloten (Solo)</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="85"/>
        <source>&amp;Round length</source>
        <translation>&amp;Rundenlänge</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="86"/>
        <source>Start a class</source>
        <translation>Klasse starten</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="92"/>
        <source>Join code</source>
        <translation>Beitrittscode</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="147"/>
        <source>The class needs a name; students see it when they join.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="151"/>
        <source>Starting…</source>
        <translation>Startet…</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="172"/>
        <source>Hosting</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="174"/>
        <source>Join code {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="175"/>
        <source>Address: {0}</source>
        <translation>Adresse: {0}</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="176"/>
        <source>Full join string: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="179"/>
        <source>LAN discovery is not running: students type the address above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="182"/>
        <source>LAN discovery is on: students see this class.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="184"/>
        <source>Traffic is encrypted (CurveZMQ); the player needs the key: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="188"/>
        <source>Traffic is not encrypted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="190"/>
        <source>{0}
Results are saved in {1}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WatchPage</name>
    <message>
        <location filename="../widgets/watch_page.py" line="20"/>
        <source>&amp;Projector view (F11)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/watch_page.py" line="23"/>
        <source>Names are drawn over the landers; Esc leaves the projector view.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../dialogs/close_lesson.py" line="13"/>
        <source>room {0} ({1} flying, {2:.0f} s left)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../dialogs/close_lesson.py" line="18"/>
        <source>A round is running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../dialogs/close_lesson.py" line="21"/>
        <source>Rounds are still running: {0}.
Closing ends them now; every result already saved is kept. Close now?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../dialogs/flight_dialog.py" line="27"/>
        <source>Save as CSV</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
