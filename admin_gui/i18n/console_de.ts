<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
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
        <location filename="../widgets/main_window.py" line="55"/>
        <source>Moonbase Mission Control</source>
        <translation>Moonbase Mission Control</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="65"/>
        <source>Start a class</source>
        <translation>Klasse starten</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="66"/>
        <source>Roster</source>
        <translation>Teilnehmer</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="67"/>
        <source>Rooms</source>
        <translation>Räume</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="68"/>
        <source>Watch live</source>
        <translation>Live zuschauen</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="69"/>
        <source>Results</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="70"/>
        <source>Physics knobs</source>
        <translation>Physik-Regler</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="71"/>
        <source>Flags</source>
        <translation>Meldungen</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="72"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="76"/>
        <source>Screens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="91"/>
        <source>Start &amp;round</source>
        <translation>&amp;Runde starten</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="95"/>
        <source>&amp;Projector view</source>
        <translation>&amp;Beamer-Ansicht</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="99"/>
        <source>Lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="106"/>
        <source>No class yet</source>
        <translation>Noch keine Klasse</translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="164"/>
        <source>Hosting {0}: code {1} at {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="174"/>
        <source>Could not {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/main_window.py" line="248"/>
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
        <location filename="../widgets/results_page.py" line="60"/>
        <source>no round yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="62"/>
        <source>&amp;Plot flight</source>
        <translation>Flug &amp;zeigen</translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="64"/>
        <source>&amp;Export CSV…</source>
        <translation>CSV &amp;exportieren…</translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="69"/>
        <source>R&amp;ound</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="88"/>
        <source>This round</source>
        <translation>Diese Runde</translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="89"/>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="90"/>
        <source>This week</source>
        <translation>Diese Woche</translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="91"/>
        <source>All time</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="93"/>
        <source>Class leaderboard</source>
        <translation>Bestenliste der Klasse</translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="130"/>
        <source>Round {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="144"/>
        <source>{0} results of round {1}, read from the database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="167"/>
        <source>Exported {0} results to {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/results_page.py" line="218"/>
        <source>Exporting round {0}…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RoomCard</name>
    <message>
        <location filename="../widgets/rooms_page.py" line="32"/>
        <source>Room {0}</source>
        <translation>Raum {0}</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="32"/>
        <source>Lobby</source>
        <translation>Lobby</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="45"/>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="46"/>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="47"/>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="48"/>
        <source>End now</source>
        <translation>Jetzt beenden</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="68"/>
        <source>Waiting</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="69"/>
        <source>Countdown</source>
        <translation>Countdown</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="70"/>
        <source>Flying</source>
        <translation>Im Flug</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="71"/>
        <source>Paused</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="72"/>
        <source>Saving results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="73"/>
        <source>Round over</source>
        <translation>Runde vorbei</translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="77"/>
        <source>{0}, wave {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="80"/>
        <source>starts in {0:.0f} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="82"/>
        <source>{0:.0f} s left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="85"/>
        <source>nobody</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="86"/>
        <source>{0} students: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="88"/>
        <source>no round yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="91"/>
        <source>round {0} ({1}): {2} flying, {3} finished</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RoomsPage</name>
    <message>
        <location filename="../widgets/rooms_page.py" line="118"/>
        <source>Start a &amp;round in every room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="119"/>
        <source>&amp;Pause all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="120"/>
        <source>Res&amp;ume all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="121"/>
        <source>&amp;End all now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/rooms_page.py" line="130"/>
        <source>Students who join during a round watch it and fly in the next one. The physics knobs apply to the next round. Ending a round now keeps every result already saved; flights still in the air get none.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RosterModel</name>
    <message>
        <location filename="../models/roster_model.py" line="13"/>
        <source>left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/roster_model.py" line="14"/>
        <source>heard {0} s ago</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RosterPage</name>
    <message>
        <location filename="../widgets/roster_page.py" line="46"/>
        <source>Nobody has joined yet. Share the join code.</source>
        <translation>Noch niemand beigetreten. Teile den Beitrittscode.</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="48"/>
        <source>Mo&amp;ve to room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="49"/>
        <source>&amp;Mute / unmute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="50"/>
        <source>Re&amp;move from class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="93"/>
        <source>{0} students joined, {1} connected.</source>
        <translation>{0} Schüler:innen beigetreten, {1} verbunden.</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="103"/>
        <source>Room {0}</source>
        <translation>Raum {0}</translation>
    </message>
    <message>
        <location filename="../widgets/roster_page.py" line="106"/>
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
        <location filename="../widgets/start_page.py" line="37"/>
        <source>Lunar Lander</source>
        <translation>Mondlandung</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="41"/>
        <source>{0} (gravity {1:g} m/s²)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="50"/>
        <source>Solo (each on their own)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="51"/>
        <source>Competitive (race to land, up to 8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="52"/>
        <source>Cooperative (one team score)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="53"/>
        <source>Survival (waves of rising difficulty)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="61"/>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="62"/>
        <location filename="../widgets/start_page.py" line="143"/>
        <source>&amp;Start class</source>
        <translation>Klasse &amp;starten</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="72"/>
        <source>&amp;Class name</source>
        <translation>&amp;Klassenname</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="73"/>
        <source>&amp;Game</source>
        <translation>&amp;Spiel</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="74"/>
        <source>&amp;World</source>
        <translation>&amp;Welt</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="75"/>
        <source>&amp;Mode</source>
        <translation>&amp;Modus</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="76"/>
        <source>&amp;Round length</source>
        <translation>&amp;Rundenlänge</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="77"/>
        <source>Start a class</source>
        <translation>Klasse starten</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="83"/>
        <source>Join code</source>
        <translation>Beitrittscode</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="132"/>
        <source>The class needs a name; students see it when they join.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="136"/>
        <source>Starting…</source>
        <translation>Startet…</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="156"/>
        <source>Hosting</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="158"/>
        <source>Join code {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="159"/>
        <source>Address: {0}</source>
        <translation>Adresse: {0}</translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="160"/>
        <source>Full join string: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="163"/>
        <source>LAN discovery is not running: students type the address above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="166"/>
        <source>LAN discovery is on: students see this class.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="168"/>
        <source>Traffic is encrypted (CurveZMQ); the player needs the key: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="172"/>
        <source>Traffic is not encrypted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/start_page.py" line="174"/>
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
