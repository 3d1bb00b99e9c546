<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Address</name>
    <message>
        <location filename="../address.py" line="30"/>
        <source>Students on this network can join.</source>
        <translation>Schüler in diesem Netzwerk können beitreten.</translation>
    </message>
    <message>
        <location filename="../address.py" line="32"/>
        <source>Only this computer can join (the host listens on loopback): for trying Moonbase out, not for a class.</source>
        <translation>Nur dieser Computer kann beitreten (der Host hört nur auf Loopback): zum Ausprobieren, nicht für eine Klasse.</translation>
    </message>
    <message>
        <location filename="../address.py" line="37"/>
        <source>Students who can reach {0} can join.</source>
        <translation>Schüler, die {0} erreichen, können beitreten.</translation>
    </message>
    <message>
        <location filename="../address.py" line="48"/>
        <source>Every network of this computer (students join)</source>
        <translation>Alle Netzwerke dieses Computers (Schüler treten bei)</translation>
    </message>
    <message>
        <location filename="../address.py" line="52"/>
        <source>Only the network of {0}</source>
        <translation>Nur das Netzwerk von {0}</translation>
    </message>
    <message>
        <location filename="../address.py" line="58"/>
        <source>This computer only (127.0.0.1, for a try-out)</source>
        <translation>Nur dieser Computer (127.0.0.1, zum Ausprobieren)</translation>
    </message>
    <message>
        <location filename="../address.py" line="66"/>
        <source>{0} (from the settings)</source>
        <translation>{0} (aus den Einstellungen)</translation>
    </message>
    <message>
        <location filename="../address.py" line="75"/>
        <source>Game traffic is encrypted (CurveZMQ); the join code gives each player the key, nobody copies it.</source>
        <translation>Der Spielverkehr ist verschlüsselt (CurveZMQ); der Beitrittscode gibt jedem Player den Schlüssel, niemand muss ihn abschreiben.</translation>
    </message>
    <message>
        <location filename="../address.py" line="80"/>
        <source>Game traffic is not encrypted (a test host).</source>
        <translation>Der Spielverkehr ist nicht verschlüsselt (ein Test-Host).</translation>
    </message>
</context>
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
    <name>CloseLesson</name>
    <message>
        <location filename="../dialogs/close_lesson.py" line="14"/>
        <source>room {0} ({1} flying, {2:.0f} s left)</source>
        <translation>Raum {0} ({1} spielen, noch {2:.0f} s)</translation>
    </message>
    <message>
        <location filename="../dialogs/close_lesson.py" line="21"/>
        <source>A round is running</source>
        <translation>Eine Runde läuft</translation>
    </message>
    <message>
        <location filename="../dialogs/close_lesson.py" line="23"/>
        <source>Rounds are still running: {0}.
Closing ends them now; every result already saved is kept. Close now?</source>
        <translation>Es laufen noch Runden: {0}.
Schließen beendet sie jetzt; jedes schon gespeicherte Ergebnis bleibt erhalten. Jetzt schließen?</translation>
    </message>
</context>
<context>
    <name>FlagsModel</name>
    <message>
        <location filename="../models/flags_model.py" line="13"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location filename="../models/flags_model.py" line="14"/>
        <source>Student</source>
        <translation>Schüler</translation>
    </message>
    <message>
        <location filename="../models/flags_model.py" line="15"/>
        <source>Flag</source>
        <translation>Markierung</translation>
    </message>
    <message>
        <location filename="../models/flags_model.py" line="16"/>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <location filename="../models/flags_model.py" line="17"/>
        <source>Action taken</source>
        <translation>Maßnahme</translation>
    </message>
</context>
<context>
    <name>FlagsPage</name>
    <message>
        <location filename="../widgets/flags_page.py" line="32"/>
        <source>The host checks every message: too many inputs a second, values out of range or not numbers. Offending messages are dropped and listed here.</source>
        <translation>Der Host prüft jede Nachricht: zu viele Eingaben pro Sekunde, Werte außerhalb des Bereichs oder keine Zahlen. Solche Nachrichten werden verworfen und hier aufgeführt.</translation>
    </message>
</context>
<context>
    <name>FlightDialog</name>
    <message>
        <location filename="../dialogs/flight_dialog.py" line="37"/>
        <source>Round of {0}</source>
        <translation>Runde von {0}</translation>
    </message>
    <message>
        <location filename="../dialogs/flight_dialog.py" line="47"/>
        <source>&lt;b&gt;{0}&lt;/b&gt;: {1} ({2}), {3} points, {4} stars, {5:.1f} s in {6} on {7}.&lt;br&gt;Played with {8}.</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;: {1} ({2}), {3} Punkte, {4} Sterne, {5:.1f} s in {6} auf {7}.&lt;br&gt;Gespielt mit {8}.</translation>
    </message>
    <message>
        <location filename="../dialogs/flight_dialog.py" line="58"/>
        <source>the world&apos;s own values</source>
        <translation>den Werten der Welt</translation>
    </message>
    <message>
        <location filename="../dialogs/flight_dialog.py" line="64"/>
        <source>Save &amp;telemetry as CSV…</source>
        <translation>&amp;Telemetrie als CSV speichern…</translation>
    </message>
    <message>
        <location filename="../dialogs/flight_dialog.py" line="87"/>
        <source>Could not save {0}: {1}</source>
        <translation>{0} konnte nicht gespeichert werden: {1}</translation>
    </message>
    <message>
        <location filename="../dialogs/flight_dialog.py" line="90"/>
        <source>Saved {0} samples to {1}</source>
        <translation>{0} Messwerte in {1} gespeichert</translation>
    </message>
</context>
<context>
    <name>FlightPlots</name>
    <message>
        <location filename="../widgets/flight_plots.py" line="41"/>
        <source>safe</source>
        <translation>sicher</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <location filename="../models/history_model.py" line="26"/>
        <source>still open</source>
        <translation>noch offen</translation>
    </message>
    <message>
        <location filename="../models/history_model.py" line="28"/>
        <source>{0} min</source>
        <translation>{0} min</translation>
    </message>
    <message>
        <location filename="../models/history_model.py" line="33"/>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <location filename="../models/history_model.py" line="35"/>
        <source>completed</source>
        <translation>beendet</translation>
    </message>
    <message>
        <location filename="../models/history_model.py" line="36"/>
        <source>ended by teacher</source>
        <translation>von der Lehrkraft beendet</translation>
    </message>
    <message>
        <location filename="../models/history_model.py" line="37"/>
        <source>interrupted</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <location filename="../models/history_model.py" line="45"/>
        <source>Started</source>
        <translation>Begonnen</translation>
    </message>
    <message>
        <location filename="../models/history_model.py" line="50"/>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <location filename="../models/history_model.py" line="54"/>
        <source>Join code</source>
        <translation>Beitrittscode</translation>
    </message>
    <message>
        <location filename="../models/history_model.py" line="56"/>
        <source>Length</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <location filename="../models/history_model.py" line="61"/>
        <source>Rounds</source>
        <translation>Runden</translation>
    </message>
    <message>
        <location filename="../models/history_model.py" line="67"/>
        <location filename="../models/history_model.py" line="108"/>
        <source>Flights</source>
        <translation>Flüge</translation>
    </message>
    <message>
        <location filename="../models/history_model.py" line="73"/>
        <source>Students</source>
        <translation>Schüler</translation>
    </message>
    <message>
        <location filename="../models/history_model.py" line="93"/>
        <source>Round</source>
        <translation>Runde</translation>
    </message>
    <message>
        <location filename="../models/history_model.py" line="99"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location filename="../models/history_model.py" line="102"/>
        <source>Room</source>
        <translation>Raum</translation>
    </message>
    <message>
        <location filename="../models/history_model.py" line="103"/>
        <source>Game</source>
        <translation>Spiel</translation>
    </message>
    <message>
        <location filename="../models/history_model.py" line="104"/>
        <source>World</source>
        <translation>Welt</translation>
    </message>
    <message>
        <location filename="../models/history_model.py" line="105"/>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <location filename="../models/history_model.py" line="106"/>
        <source>End</source>
        <translation>Ende</translation>
    </message>
    <message>
        <location filename="../models/history_model.py" line="114"/>
        <source>Best</source>
        <translation>Bestes</translation>
    </message>
    <message>
        <location filename="../models/history_model.py" line="120"/>
        <source>Knobs</source>
        <translation>Regler</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <location filename="../widgets/history_page.py" line="82"/>
        <source>class name or join code</source>
        <translation>Klassenname oder Beitrittscode</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="84"/>
        <source>Search lessons</source>
        <translation>Stunden suchen</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="85"/>
        <source>&amp;From</source>
        <translation>&amp;Von</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="87"/>
        <source>&amp;To</source>
        <translation>&amp;Bis</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="99"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="107"/>
        <source>&amp;Search</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="132"/>
        <source>E&amp;xport this student&apos;s data…</source>
        <translation>Daten dieses Schülers e&amp;xportieren…</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="134"/>
        <source>Everything kept about the student of the selected result, as one JSON file</source>
        <translation>Alles, was über den Schüler des gewählten Ergebnisses gespeichert ist, als eine JSON-Datei</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="136"/>
        <source>&amp;Erase this student…</source>
        <translation>Diesen Schüler &amp;löschen…</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="139"/>
        <source>Deletes the student of the selected result and all their results here; the cloud deletes them on the next sync</source>
        <translation>Löscht den Schüler des gewählten Ergebnisses und alle seine Ergebnisse hier; die Cloud löscht sie beim nächsten Abgleich</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="148"/>
        <location filename="../widgets/history_page.py" line="281"/>
        <source>Choose a lesson to see its rounds.</source>
        <translation>Wählen Sie eine Stunde, um ihre Runden zu sehen.</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="193"/>
        <source>The “from” date is after the “to” date.</source>
        <translation>Das „Von“-Datum liegt nach dem „Bis“-Datum.</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="197"/>
        <source>Reading the lessons…</source>
        <translation>Stunden werden gelesen…</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="256"/>
        <source>Lessons found: {0}</source>
        <translation>Gefundene Stunden: {0}</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="258"/>
        <source>No lesson matches.</source>
        <translation>Keine Stunde passt.</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="284"/>
        <source>{0}, {1} (code {2}). Rounds: {3}</source>
        <translation>{0}, {1} (Code {2}). Runden: {3}</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="305"/>
        <source>Reading lesson {0}…</source>
        <translation>Stunde {0} wird gelesen…</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="344"/>
        <source>Exporting {0}&apos;s data…</source>
        <translation>Daten von {0} werden exportiert…</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="353"/>
        <source>Erase {0} and everything kept about them: every result, plot and chat line, in every lesson? This cannot be undone. The cloud erases them on the next sync.</source>
        <translation>{0} und alles Gespeicherte löschen: jedes Ergebnis, jedes Diagramm und jede Chatzeile, in jeder Stunde? Das kann nicht rückgängig gemacht werden. Die Cloud löscht es beim nächsten Abgleich.</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="356"/>
        <source>Erase a student</source>
        <translation>Einen Schüler löschen</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="357"/>
        <source>Erasing {0}…</source>
        <translation>{0} wird gelöscht…</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="362"/>
        <source>{0}&apos;s data saved in {1}</source>
        <translation>Daten von {0} gespeichert in {1}</translation>
    </message>
    <message>
        <location filename="../widgets/history_page.py" line="368"/>
        <source>{0} erased here with {1} results; the cloud erases them on the next sync.</source>
        <translation>{0} hier mit {1} Ergebnissen gelöscht; die Cloud löscht sie beim nächsten Abgleich.</translation>
    </message>
</context>
<context>
    <name>KnobsPage</name>
    <message>
        <location filename="../widgets/knobs_page.py" line="50"/>
        <source>&amp;Reset to the world&apos;s values</source>
        <translation>Auf die Werte der Welt &amp;zurücksetzen</translation>
    </message>
    <message>
        <location filename="../widgets/knobs_page.py" line="57"/>
        <source>Knob warnings</source>
        <translation>Warnungen zu den Reglern</translation>
    </message>
    <message>
        <location filename="../widgets/knobs_page.py" line="85"/>
        <source>Change {0} for the next round: ask the class to predict what will happen, then play it. Every result remembers the settings it was played with.</source>
        <translation>{0} für die nächste Runde ändern: Lassen Sie die Klasse vorhersagen, was passiert, und spielen Sie es dann. Jedes Ergebnis merkt sich die Einstellungen, mit denen es gespielt wurde.</translation>
    </message>
    <message>
        <location filename="../widgets/knobs_page.py" line="89"/>
        <source>&lt;b&gt;Knob&lt;/b&gt;</source>
        <translation>&lt;b&gt;Regler&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/knobs_page.py" line="90"/>
        <source>&lt;b&gt;Next round&lt;/b&gt;</source>
        <translation>&lt;b&gt;Nächste Runde&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/knobs_page.py" line="91"/>
        <source>&lt;b&gt;World&apos;s own value&lt;/b&gt;</source>
        <translation>&lt;b&gt;Wert der Welt&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/knobs_page.py" line="148"/>
        <source>The next round plays with the world&apos;s own values.</source>
        <translation>Die nächste Runde läuft mit den Werten der Welt.</translation>
    </message>
    <message>
        <location filename="../widgets/knobs_page.py" line="156"/>
        <source>The next round plays with {0}.</source>
        <translation>Die nächste Runde läuft mit {0}.</translation>
    </message>
</context>
<context>
    <name>LeaderboardModel</name>
    <message>
        <location filename="../models/results_model.py" line="135"/>
        <source>Rank</source>
        <translation>Rang</translation>
    </message>
    <message>
        <location filename="../models/results_model.py" line="140"/>
        <source>Student</source>
        <translation>Schüler</translation>
    </message>
    <message>
        <location filename="../models/results_model.py" line="142"/>
        <source>Best score</source>
        <translation>Bestwert</translation>
    </message>
    <message>
        <location filename="../models/results_model.py" line="148"/>
        <source>Stars</source>
        <translation>Sterne</translation>
    </message>
    <message>
        <location filename="../models/results_model.py" line="153"/>
        <source>Flights</source>
        <translation>Flüge</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../widgets/main_window.py" line="63"/>
        <source>Moonbase Mission Control</source>
        <translation>Moonbase Mission Control</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="76"/>
        <source>Start a class</source>
        <translation>Klasse starten</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="77"/>
        <source>Lesson plan</source>
        <translation>Stundenplan</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="78"/>
        <source>Roster</source>
        <translation>Teilnehmer</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="79"/>
        <source>Rooms</source>
        <translation>Räume</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="80"/>
        <source>Watch live</source>
        <translation>Live zuschauen</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="81"/>
        <source>Results</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="82"/>
        <source>Knobs</source>
        <translation>Regler</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="83"/>
        <source>Flags</source>
        <translation>Meldungen</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="84"/>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="85"/>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="86"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="90"/>
        <source>Screens</source>
        <translation>Bildschirme</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="107"/>
        <source>Start &amp;round</source>
        <translation>&amp;Runde starten</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="111"/>
        <source>&amp;Projector view</source>
        <translation>&amp;Beamer-Ansicht</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="115"/>
        <source>&amp;Pause or resume the watched round</source>
        <translation>Beobachtete Runde &amp;anhalten oder fortsetzen</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="119"/>
        <source>Lesson</source>
        <translation>Stunde</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="126"/>
        <source>No class yet</source>
        <translation>Noch keine Klasse</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="227"/>
        <source>Hosting {0}: code {1} at {2}</source>
        <translation>{0} läuft: Code {1} unter {2}</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="240"/>
        <source>Could not {0}: {1}</source>
        <translation>Fehlgeschlagen ({0}): {1}</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="252"/>
        <source>cloud sync off</source>
        <translation>Cloud-Sync aus</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="254"/>
        <source>Set the cloud address and key in Settings to send results</source>
        <translation>Cloud-Adresse und Schlüssel in den Einstellungen eintragen, um Ergebnisse zu senden</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="259"/>
        <source>last sent {0}</source>
        <translation>zuletzt gesendet {0}</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="261"/>
        <source>nothing sent yet</source>
        <translation>noch nichts gesendet</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="262"/>
        <source>Cloud sync: {0} waiting, {1}</source>
        <translation>Cloud-Sync: {0} wartend, {1}</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="264"/>
        <source>; plan {0}</source>
        <translation>; Tarif {0}</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="267"/>
        <source>; failing: {0}</source>
        <translation>; Fehler: {0}</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="273"/>
        <source>Last error at {0}: {1}</source>
        <translation>Letzter Fehler um {0}: {1}</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="304"/>
        <source>{0}

Start the round with these knobs anyway?</source>
        <translation>{0}

Die Runde trotzdem mit diesen Reglern starten?</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="307"/>
        <source>A knob makes the goal impossible</source>
        <translation>Ein Regler macht das Ziel unerreichbar</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="357"/>
        <source>Ending the lesson: saving every result…</source>
        <translation>Die Stunde endet: jedes Ergebnis wird gespeichert…</translation>
    </message>
</context>
<context>
    <name>PlanPage</name>
    <message>
        <location filename="../widgets/plan_page.py" line="67"/>
        <source>Start this round?</source>
        <translation>Diese Runde starten?</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="100"/>
        <source>Plan the lesson as a list of rounds, across games. Save it to reuse next year; during the lesson, Next round starts the next one in every room.</source>
        <translation>Planen Sie die Stunde als Liste von Runden, über mehrere Spiele. Speichern Sie den Plan für das nächste Jahr; in der Stunde startet „Nächste Runde“ die nächste in jedem Raum.</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="105"/>
        <source>Lesson</source>
        <translation>Stunde</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="106"/>
        <source>Lesson title</source>
        <translation>Titel der Stunde</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="108"/>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="116"/>
        <source>#</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="117"/>
        <source>Game</source>
        <translation>Spiel</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="118"/>
        <source>Level</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="119"/>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="120"/>
        <source>Length</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="121"/>
        <source>Knobs</source>
        <translation>Regler</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="122"/>
        <source>Check</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="135"/>
        <source>Planned rounds</source>
        <translation>Geplante Runden</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="140"/>
        <source>{0} ({1})</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="152"/>
        <source>&amp;Add round</source>
        <translation>Runde &amp;hinzufügen</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="156"/>
        <source>&amp;Game:</source>
        <translation>&amp;Spiel:</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="157"/>
        <source>&amp;Level:</source>
        <translation>&amp;Level:</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="158"/>
        <source>&amp;Mode:</source>
        <translation>&amp;Modus:</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="159"/>
        <source>L&amp;ength:</source>
        <translation>&amp;Dauer:</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="168"/>
        <source>Remo&amp;ve</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="169"/>
        <source>Move &amp;up</source>
        <translation>Nach &amp;oben</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="170"/>
        <source>Move &amp;down</source>
        <translation>Nach &amp;unten</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="171"/>
        <source>&amp;Open plan…</source>
        <translation>Plan ö&amp;ffnen…</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="172"/>
        <source>&amp;Save plan…</source>
        <translation>Plan s&amp;peichern…</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="173"/>
        <source>&amp;Next round ▶</source>
        <translation>&amp;Nächste Runde ▶</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="174"/>
        <source>Start the next planned round in every room (Ctrl+N)</source>
        <translation>Die nächste geplante Runde in jedem Raum starten (Strg+N)</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="175"/>
        <source>Class &amp;report…</source>
        <translation>&amp;Klassenbericht…</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="193"/>
        <source>Lesson plan status</source>
        <translation>Stand des Stundenplans</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="219"/>
        <source>A plan holds at most {0} rounds.</source>
        <translation>Ein Plan hat höchstens {0} Runden.</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="235"/>
        <source>Added round {0}: {1}</source>
        <translation>Runde {0} hinzugefügt: {1}</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="269"/>
        <source>Open a lesson plan</source>
        <translation>Einen Stundenplan öffnen</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="269"/>
        <location filename="../widgets/plan_page.py" line="291"/>
        <source>Lesson plans (*.toml)</source>
        <translation>Stundenpläne (*.toml)</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="280"/>
        <source>Opened {0}: {1} round(s)</source>
        <translation>{0} geöffnet: {1} Runde(n)</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="291"/>
        <source>Save the lesson plan</source>
        <translation>Den Stundenplan speichern</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="302"/>
        <source>Saved the plan to {0}</source>
        <translation>Plan gespeichert unter {0}</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="308"/>
        <source>Start the class first: the plan runs in a hosted class.</source>
        <translation>Starten Sie zuerst die Klasse: der Plan läuft in einer gehosteten Klasse.</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="313"/>
        <source>Every planned round has been played. Add rounds to go on.</source>
        <translation>Alle geplanten Runden sind gespielt. Fügen Sie Runden hinzu, um weiterzumachen.</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="318"/>
        <source>Round {0} ({1}): {2}

Start it anyway?</source>
        <translation>Runde {0} ({1}): {2}

Trotzdem starten?</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="325"/>
        <source>Starting round {0}: {1}…</source>
        <translation>Runde {0} startet: {1}…</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="338"/>
        <source>Round {0} started in {1} room(s); {2} planned round(s) to go.</source>
        <translation>Runde {0} läuft in {1} Raum/Räumen; noch {2} geplante Runde(n).</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="365"/>
        <source>Save the class report</source>
        <translation>Den Klassenbericht speichern</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="365"/>
        <source>Web page (*.html)</source>
        <translation>Webseite (*.html)</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="370"/>
        <source>Writing the class report…</source>
        <translation>Der Klassenbericht wird geschrieben…</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="376"/>
        <source>Class report saved: {0} (open it in a browser to print) and {1}</source>
        <translation>Klassenbericht gespeichert: {0} (zum Drucken im Browser öffnen) und {1}</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="393"/>
        <source>played</source>
        <translation>gespielt</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="395"/>
        <source>next</source>
        <translation>als Nächstes</translation>
    </message>
    <message>
        <location filename="../widgets/plan_page.py" line="406"/>
        <source>world&apos;s values</source>
        <translation>Werte der Welt</translation>
    </message>
</context>
<context>
    <name>ResultsModel</name>
    <message>
        <location filename="../models/results_model.py" line="29"/>
        <source>world default</source>
        <translation>Standard der Welt</translation>
    </message>
    <message>
        <location filename="../models/results_model.py" line="94"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../models/results_model.py" line="99"/>
        <source>Student</source>
        <translation>Schüler</translation>
    </message>
    <message>
        <location filename="../models/results_model.py" line="101"/>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location filename="../models/results_model.py" line="103"/>
        <source>Why</source>
        <translation>Warum</translation>
    </message>
    <message>
        <location filename="../models/results_model.py" line="105"/>
        <source>Score</source>
        <translation>Punkte</translation>
    </message>
    <message>
        <location filename="../models/results_model.py" line="111"/>
        <source>Stars</source>
        <translation>Sterne</translation>
    </message>
    <message>
        <location filename="../models/results_model.py" line="116"/>
        <source>Time (s)</source>
        <translation>Zeit (s)</translation>
    </message>
    <message>
        <location filename="../models/results_model.py" line="122"/>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../models/results_model.py" line="125"/>
        <source>Knobs</source>
        <translation>Regler</translation>
    </message>
</context>
<context>
    <name>ResultsPage</name>
    <message>
        <location filename="../widgets/results_page.py" line="57"/>
        <source>no round yet</source>
        <translation>noch keine Runde</translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="59"/>
        <source>&amp;Plot flight</source>
        <translation>Flug &amp;zeigen</translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="61"/>
        <source>&amp;Export CSV…</source>
        <translation>CSV &amp;exportieren…</translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="66"/>
        <source>R&amp;ound</source>
        <translation>R&amp;unde</translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="85"/>
        <source>This round</source>
        <translation>Diese Runde</translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="86"/>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="87"/>
        <source>This week</source>
        <translation>Diese Woche</translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="88"/>
        <source>All time</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="93"/>
        <source>Lesson total (all games)</source>
        <translation>Summe der Stunde (alle Spiele)</translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="95"/>
        <source>Leaderboard of game</source>
        <translation>Bestenliste des Spiels</translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="97"/>
        <source>Class leaderboard</source>
        <translation>Bestenliste der Klasse</translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="138"/>
        <source>Round {0}</source>
        <translation>Runde {0}</translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="152"/>
        <source>{0} results of round {1}, read from the database.</source>
        <translation>{0} Ergebnisse von Runde {1}, aus der Datenbank gelesen.</translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="188"/>
        <source>Exported {0} results to {1}</source>
        <translation>{0} Ergebnisse nach {1} exportiert</translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="241"/>
        <source>Exporting round {0}…</source>
        <translation>Runde {0} wird exportiert…</translation>
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
        <translation>Ergebnisse werden gespeichert</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="155"/>
        <source>Round over</source>
        <translation>Runde vorbei</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="159"/>
        <source>{0}, wave {1}</source>
        <translation>{0}, Welle {1}</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="162"/>
        <source>starts in {0:.0f} s</source>
        <translation>beginnt in {0:.0f} s</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="164"/>
        <source>{0:.0f} s left</source>
        <translation>noch {0:.0f} s</translation>
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
        <translation>noch keine Runde</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="179"/>
        <source>round {0} ({1}): {2} flying, {3} finished</source>
        <translation>Runde {0} ({1}): {2} spielen, {3} fertig</translation>
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
        <translation>In jedem Raum eine &amp;Runde starten</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="222"/>
        <source>&amp;Pause all</source>
        <translation>Alle an&amp;halten</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="223"/>
        <source>Res&amp;ume all</source>
        <translation>Alle &amp;fortsetzen</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="224"/>
        <source>&amp;End all now</source>
        <translation>Alle jetzt &amp;beenden</translation>
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
        <location filename="../models/roster_model.py" line="20"/>
        <source>not joined yet</source>
        <translation>noch nicht beigetreten</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="22"/>
        <source>barred</source>
        <translation>gesperrt</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="24"/>
        <source>removed</source>
        <translation>entfernt</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="26"/>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="28"/>
        <source>not answering</source>
        <translation>antwortet nicht</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="30"/>
        <source>ping {0} ms</source>
        <translation>Ping {0} ms</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="31"/>
        <source>heard {0} s ago</source>
        <translation>vor {0} s gehört</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="38"/>
        <source>gone</source>
        <translation>weg</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="39"/>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="40"/>
        <source>ready</source>
        <translation>bereit</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="41"/>
        <source>paused</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="42"/>
        <source>flying</source>
        <translation>spielt</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="43"/>
        <source>watching</source>
        <translation>schaut zu</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="63"/>
        <source>on the roster</source>
        <translation>auf der Liste</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="65"/>
        <source>barred from this lesson</source>
        <translation>für diese Stunde gesperrt</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="67"/>
        <source>removed by you</source>
        <translation>von Ihnen entfernt</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="69"/>
        <source>left the class</source>
        <translation>hat die Klasse verlassen</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="71"/>
        <source>asks to go on from another computer</source>
        <translation>möchte an einem anderen Computer weitermachen</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="44"/>
        <location filename="../models/roster_model.py" line="78"/>
        <source>lobby</source>
        <translation>Lobby</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="84"/>
        <source>Nickname</source>
        <translation>Spitzname</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="89"/>
        <source>Character</source>
        <translation>Figur</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="94"/>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="102"/>
        <source>Room</source>
        <translation>Raum</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="103"/>
        <source>Now</source>
        <translation>Jetzt</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="104"/>
        <source>Last result</source>
        <translation>Letztes Ergebnis</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="106"/>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="107"/>
        <source>muted</source>
        <translation>stummgeschaltet</translation>
    </message>
</context>
<context>
    <name>RosterPage</name>
    <message>
        <location filename="../widgets/roster_page.py" line="48"/>
        <source>Load roster CSV</source>
        <translation>Teilnehmerliste (CSV) laden</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="50"/>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>CSV-Dateien (*.csv *.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="91"/>
        <source>Students in the class</source>
        <translation>Schüler in der Klasse</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="95"/>
        <location filename="../widgets/roster_page.py" line="224"/>
        <source>Nobody has joined yet. Share the join code.</source>
        <translation>Noch niemand beigetreten. Teile den Beitrittscode.</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="100"/>
        <location filename="../widgets/roster_page.py" line="255"/>
        <source>No roster loaded: anyone with the join code may join.</source>
        <translation>Keine Teilnehmerliste geladen: alle mit dem Beitrittscode dürfen beitreten.</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="101"/>
        <source>&amp;Load roster CSV…</source>
        <translation>Teilnehmerliste (CSV) &amp;laden…</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="102"/>
        <source>Let &amp;anyone join</source>
        <translation>&amp;Alle zulassen</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="103"/>
        <source>&amp;Hide ranks until the round ends</source>
        <translation>Ränge bis Rundenende &amp;verbergen</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="105"/>
        <source>Students see only their own score while a round runs; all scores after it</source>
        <translation>Während einer Runde sehen Schüler nur die eigene Punktzahl, danach alle</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="115"/>
        <source>Mo&amp;ve to room</source>
        <translation>In &amp;Raum verschieben</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="116"/>
        <source>&amp;Mute / unmute</source>
        <translation>&amp;Stumm / laut</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="117"/>
        <source>&amp;Remove from class…</source>
        <translation>Aus der Klasse &amp;entfernen…</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="118"/>
        <source>Asks first; the Delete key does the same</source>
        <translation>Fragt zuerst nach; die Entf-Taste tut dasselbe</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="119"/>
        <location filename="../widgets/roster_page.py" line="201"/>
        <source>Lift &amp;bar</source>
        <translation>Sperre auf&amp;heben</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="120"/>
        <location filename="../widgets/roster_page.py" line="202"/>
        <source>Let a barred student join this lesson again</source>
        <translation>Einen gesperrten Schüler wieder an dieser Stunde teilnehmen lassen</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="121"/>
        <source>Let &amp;go on from another computer</source>
        <translation>An anderem Computer &amp;weitermachen lassen</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="124"/>
        <source>The student&apos;s computer went quiet and they ask to go on from another one: their next join there takes the seat, round and history</source>
        <translation>Der Computer des Schülers antwortet nicht mehr und er möchte an einem anderen weitermachen: sein nächster Beitritt dort übernimmt Platz, Runde und Verlauf</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="185"/>
        <source>Roster loaded: {0} nicknames may join; nobody else can.</source>
        <translation>Teilnehmerliste geladen: {0} Spitznamen dürfen beitreten, sonst niemand.</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="198"/>
        <source>Let back &amp;in</source>
        <translation>&amp;Wieder zulassen</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="199"/>
        <source>Let a student you removed join this lesson again</source>
        <translation>Einen entfernten Schüler wieder an dieser Stunde teilnehmen lassen</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="222"/>
        <source>{0} students joined, {1} connected.</source>
        <translation>{0} Schüler:innen beigetreten, {1} verbunden.</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="226"/>
        <source>{0} barred from this lesson.</source>
        <translation>{0} für diese Stunde gesperrt.</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="229"/>
        <source>{0} left the class (offline).</source>
        <translation>{0} haben die Klasse verlassen (offline).</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="233"/>
        <source>{0} asks to go on from another computer: select them and press Let go on from another computer.</source>
        <translation>{0} möchte an einem anderen Computer weitermachen: auswählen und „An anderem Computer weitermachen lassen“ drücken.</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="241"/>
        <source> and {0} more</source>
        <translation> und {0} weitere</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="243"/>
        <source>Not joined yet ({0}): {1}</source>
        <translation>Noch nicht beigetreten ({0}): {1}</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="259"/>
        <source>Roster: {0} nicknames; only they may join.</source>
        <translation>Teilnehmerliste: {0} Spitznamen; nur sie dürfen beitreten.</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="269"/>
        <source>Room {0}</source>
        <translation>Raum {0}</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="272"/>
        <source>New room {0}</source>
        <translation>Neuer Raum {0}</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="301"/>
        <source>Remove {0} from the class? They cannot join this lesson again until you let them back in; their results are kept.</source>
        <translation>{0} aus der Klasse entfernen? Er kann dieser Stunde erst wieder beitreten, wenn Sie ihn wieder hereinlassen; seine Ergebnisse bleiben erhalten.</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="304"/>
        <source>Remove a student</source>
        <translation>Einen Schüler entfernen</translation>
    </message>
</context>
<context>
    <name>SavePath</name>
    <message>
        <location filename="../dialogs/save_path.py" line="33"/>
        <source>Save as</source>
        <translation>Speichern unter</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../widgets/settings_page.py" line="46"/>
        <source>any free port</source>
        <translation>irgendein freier Port</translation>
    </message>
    <message>
        <location filename="../widgets/settings_page.py" line="49"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../widgets/settings_page.py" line="66"/>
        <source>Host &amp;port</source>
        <translation>Host-&amp;Port</translation>
    </message>
    <message>
        <location filename="../widgets/settings_page.py" line="67"/>
        <source>&amp;Data folder</source>
        <translation>&amp;Datenordner</translation>
    </message>
    <message>
        <location filename="../widgets/settings_page.py" line="70"/>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <location filename="../widgets/settings_page.py" line="71"/>
        <source>Cloud &amp;address</source>
        <translation>Cloud-&amp;Adresse</translation>
    </message>
    <message>
        <location filename="../widgets/settings_page.py" line="72"/>
        <source>Cloud &amp;key</source>
        <translation>Cloud-&amp;Schlüssel</translation>
    </message>
    <message>
        <location filename="../widgets/settings_page.py" line="73"/>
        <source>Encryption</source>
        <translation>Verschlüsselung</translation>
    </message>
    <message>
        <location filename="../widgets/settings_page.py" line="74"/>
        <source>&amp;Save settings</source>
        <translation>Einstellungen &amp;speichern</translation>
    </message>
    <message>
        <location filename="../widgets/settings_page.py" line="76"/>
        <source>Saved settings apply the next time Mission Control starts.</source>
        <translation>Gespeicherte Einstellungen gelten beim nächsten Start von Mission Control.</translation>
    </message>
    <message>
        <location filename="../widgets/settings_page.py" line="91"/>
        <source>Data folder</source>
        <translation>Datenordner</translation>
    </message>
    <message>
        <location filename="../widgets/settings_page.py" line="99"/>
        <source>The data folder cannot be empty.</source>
        <translation>Der Datenordner darf nicht leer sein.</translation>
    </message>
    <message>
        <location filename="../widgets/settings_page.py" line="114"/>
        <source>Saved to {0} and {1}; they apply the next time Mission Control starts.</source>
        <translation>In {0} und {1} gespeichert; sie gelten beim nächsten Start von Mission Control.</translation>
    </message>
</context>
<context>
    <name>SpectatorView</name>
    <message>
        <location filename="../widgets/spectator_view.py" line="199"/>
        <source>Changed: {0}</source>
        <translation>Geändert: {0}</translation>
    </message>
    <message>
        <location filename="../widgets/spectator_view.py" line="204"/>
        <source>PAUSED</source>
        <translation>ANGEHALTEN</translation>
    </message>
    <message>
        <location filename="../widgets/spectator_view.py" line="240"/>
        <source>No round yet. Start a round to watch it here.</source>
        <translation>Noch keine Runde. Starten Sie eine Runde, um sie hier zu verfolgen.</translation>
    </message>
    <message>
        <location filename="../widgets/spectator_view.py" line="264"/>
        <source>{0}, {1}</source>
        <translation>{0}, {1}</translation>
    </message>
    <message>
        <location filename="../widgets/spectator_view.py" line="268"/>
        <source>Round {0}: {1}</source>
        <translation>Runde {0}: {1}</translation>
    </message>
    <message>
        <location filename="../widgets/spectator_view.py" line="270"/>
        <source>Round {0}: {1}: starts in {2:.0f} s</source>
        <translation>Runde {0}: {1}: beginnt in {2:.0f} s</translation>
    </message>
    <message>
        <location filename="../widgets/spectator_view.py" line="276"/>
        <source>Round {0}: {1}: {2:.0f} s left, {3} playing</source>
        <translation>Runde {0}: {1}: noch {2:.0f} s, {3} spielen</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <location filename="../widgets/start_page.py" line="43"/>
        <location filename="../widgets/start_page.py" line="157"/>
        <source>{0} ({1})</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="59"/>
        <source>Solo (each on their own)</source>
        <translation>Solo (jeder für sich)</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="60"/>
        <source>Competitive (race to land, up to 8)</source>
        <translation>Wettkampf (Wettrennen, bis zu 8)</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="61"/>
        <source>Cooperative (one team score)</source>
        <translation>Kooperativ (ein Teamergebnis)</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="62"/>
        <source>Survival (waves of rising difficulty)</source>
        <translation>Überleben (Wellen mit steigender Schwierigkeit)</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="70"/>
        <source>Computer pilots that fly each solo round beside the students</source>
        <translation>Computerpiloten, die jede Solo-Runde neben den Schülern fliegen</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="72"/>
        <source>AI pilots</source>
        <translation>KI-Piloten</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="77"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="82"/>
        <source>Open the class to</source>
        <translation>Klasse öffnen für</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="87"/>
        <location filename="../widgets/start_page.py" line="211"/>
        <source>&amp;Start class</source>
        <translation>Klasse &amp;starten</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="97"/>
        <source>&amp;Class name</source>
        <translation>&amp;Klassenname</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="98"/>
        <source>&amp;Game</source>
        <translation>&amp;Spiel</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="100"/>
        <source>&amp;World</source>
        <translation>&amp;Welt</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="101"/>
        <source>&amp;Mode</source>
        <translation>&amp;Modus</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="102"/>
        <source>&amp;AI pilots (solo)</source>
        <translation>&amp;KI-Piloten (Solo)</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="103"/>
        <source>&amp;Round length</source>
        <translation>&amp;Rundenlänge</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="104"/>
        <source>&amp;Open the class to</source>
        <translation>Klasse ö&amp;ffnen für</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="106"/>
        <source>Start a class</source>
        <translation>Klasse starten</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="112"/>
        <source>Join code</source>
        <translation>Beitrittscode</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="200"/>
        <source>The class needs a name; students see it when they join.</source>
        <translation>Die Klasse braucht einen Namen; die Schüler sehen ihn beim Beitreten.</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="204"/>
        <source>Starting…</source>
        <translation>Startet…</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="226"/>
        <source>Hosting</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="228"/>
        <source>Join code {0}</source>
        <translation>Beitrittscode {0}</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="229"/>
        <source>Address: {0}</source>
        <translation>Adresse: {0}</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="231"/>
        <source>For bots and scripts: --server {0}</source>
        <translation>Für Bots und Skripte: --server {0}</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="236"/>
        <source>{0} The class is not open to the network: to let students join, end the lesson and start the class again open to every network.</source>
        <translation>{0} Die Klasse ist nicht für das Netzwerk geöffnet: Damit Schüler beitreten können, beenden Sie die Stunde und starten Sie die Klasse erneut, geöffnet für alle Netzwerke.</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="244"/>
        <source>{0} They type the join code and, as this class is not announced on the network, the address above.</source>
        <translation>{0} Sie geben den Beitrittscode ein und, da diese Klasse nicht im Netzwerk angekündigt wird, die Adresse oben.</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="252"/>
        <source>{0} They type the join code: their player finds this class on the network. Where the network hides it, they add the address above.</source>
        <translation>{0} Sie geben den Beitrittscode ein: Ihr Player findet diese Klasse im Netzwerk. Wo das Netzwerk sie verbirgt, geben sie zusätzlich die Adresse oben ein.</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="258"/>
        <source>{0}
Results are saved in {1}</source>
        <translation>{0}
Ergebnisse werden in {1} gespeichert</translation>
    </message>
</context>
<context>
    <name>WatchPage</name>
    <message>
        <location filename="../widgets/watch_page.py" line="29"/>
        <location filename="../widgets/watch_page.py" line="73"/>
        <source>&amp;Pause round</source>
        <translation>Runde &amp;anhalten</translation>
    </message>
    <message>
        <location filename="../widgets/watch_page.py" line="30"/>
        <source>Ctrl+P pauses or resumes, in the projector too</source>
        <translation>Strg+P hält an oder setzt fort, auch in der Projektoransicht</translation>
    </message>
    <message>
        <location filename="../widgets/watch_page.py" line="33"/>
        <source>Pro&amp;jector view (F11)</source>
        <translation>Pro&amp;jektoransicht (F11)</translation>
    </message>
    <message>
        <location filename="../widgets/watch_page.py" line="36"/>
        <source>Names are drawn over the players; Esc leaves the projector view.</source>
        <translation>Die Namen stehen über den Spielern; Esc verlässt die Projektoransicht.</translation>
    </message>
    <message>
        <location filename="../widgets/watch_page.py" line="73"/>
        <source>&amp;Resume round</source>
        <translation>Runde &amp;fortsetzen</translation>
    </message>
    <message>
        <location filename="../widgets/watch_page.py" line="95"/>
        <source>Round over: no results</source>
        <translation>Runde vorbei: keine Ergebnisse</translation>
    </message>
    <message>
        <location filename="../widgets/watch_page.py" line="99"/>
        <source>Winner: {0}, {1} points</source>
        <translation>Sieger: {0}, {1} Punkte</translation>
    </message>
    <message>
        <location filename="../widgets/watch_page.py" line="100"/>
        <source>Winners: {0}, {1} points</source>
        <translation>Sieger: {0}, {1} Punkte</translation>
    </message>
</context>
</TS>
