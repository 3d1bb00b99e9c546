"""Start a class: game (every game of the platform), its world or level, mode, round length,
then one click; the join code shown large."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from admin_gui.address import bind_choices, encryption_note, is_loopback, reach_note
from admin_gui.i18n import game_text
from admin_gui.lesson import MODES
from admin_gui.records import ClassPlan, HostInfo
from app.config import Settings
from app.host.room import ROOM_CAPACITY
from game.registry import all_games, get_game

CODE_POINT_SIZE = 72


class StartPage(QWidget):
    start_requested = Signal(object)  # ClassPlan
    game_changed = Signal(str)  # the game key picked

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.class_name = QLineEdit(settings.class_name)
        self.class_name.setMaxLength(60)
        self.game = QComboBox()
        for game in all_games():
            self.game.addItem(
                self.tr("{0} ({1})").format(
                    game_text(game.title), game_text(game.discipline.title)
                ),
                game.key,
            )
        self.game.setCurrentIndex(max(0, self.game.findData(settings.game)))
        self.game.setMinimumContentsLength(28)
        self.concept = QLabel()
        self.concept.setWordWrap(True)
        self.concept.setStyleSheet("color: palette(mid);")
        self.world = QComboBox()
        self.world.setMinimumContentsLength(24)
        self._fill_levels(settings.world)
        self.game.currentIndexChanged.connect(self._game_changed)
        self.mode = QComboBox()
        mode_names = {
            "solo": self.tr("Solo (each on their own)"),
            "competitive": self.tr("Competitive (race to land, up to 8)"),
            "cooperative": self.tr("Cooperative (one team score)"),
            "survival": self.tr("Survival (waves of rising difficulty)"),
        }
        for mode in MODES:
            self.mode.addItem(mode_names.get(mode, mode), mode)
        self.mode.setCurrentIndex(max(0, self.mode.findData("competitive")))
        self.ai_pilots = QSpinBox()
        self.ai_pilots.setRange(0, ROOM_CAPACITY - 1)
        self.ai_pilots.setToolTip(
            self.tr("Computer pilots that fly each solo round beside the students")
        )
        self.ai_pilots.setAccessibleName(self.tr("AI pilots"))
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.seconds = QSpinBox()
        self.seconds.setRange(5, 3600)
        self.seconds.setValue(round(settings.round_seconds))
        self.seconds.setSuffix(self.tr(" s"))
        self.bind = QComboBox()
        for bind, words in bind_choices(settings.bind):
            self.bind.addItem(words, bind)
        self.bind.setCurrentIndex(max(0, self.bind.findData(settings.bind)))
        self.bind.setAccessibleName(self.tr("Open the class to"))
        self.reach = QLabel()
        self.reach.setWordWrap(True)
        self.bind.currentIndexChanged.connect(self._bind_changed)
        self._bind_changed()
        self.start_button = QPushButton(self.tr("&Start class"))
        self.start_button.setDefault(True)
        self.start_button.setAutoDefault(True)
        self.start_button.clicked.connect(self._start)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        form.addRow(self.tr("&Class name"), self.class_name)
        form.addRow(self.tr("&Game"), self.game)
        form.addRow("", self.concept)
        form.addRow(self.tr("&World"), self.world)
        form.addRow(self.tr("&Mode"), self.mode)
        form.addRow(self.tr("&AI pilots (solo)"), self.ai_pilots)
        form.addRow(self.tr("&Round length"), self.seconds)
        form.addRow(self.tr("&Open the class to"), self.bind)
        form.addRow("", self.reach)
        self.setup_box = QGroupBox(self.tr("Start a class"))
        setup = QVBoxLayout(self.setup_box)
        setup.addLayout(form)
        setup.addWidget(self.start_button, alignment=Qt.AlignmentFlag.AlignLeft)
        setup.addWidget(self.error)

        self.code_caption = QLabel(self.tr("Join code"))
        self.code_caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.code = QLabel("")
        self.code.setObjectName("joinCode")
        code_font = QFont(self.font())
        code_font.setPointSize(CODE_POINT_SIZE)
        code_font.setBold(True)
        code_font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 8)
        code_font.setStyleHint(QFont.StyleHint.Monospace)
        self.code.setFont(code_font)
        self.code.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.address = QLabel()
        self.address.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        big = QFont(self.font())
        big.setPointSizeF(self.font().pointSizeF() * 1.6)
        self.address.setFont(big)
        self.discovery = QLabel()
        self.discovery.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.discovery.setWordWrap(True)
        self.database = QLabel()
        self.database.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.database.setWordWrap(True)
        self.hosting_box = QFrame()
        self.hosting_box.setFrameShape(QFrame.Shape.StyledPanel)
        hosting = QVBoxLayout(self.hosting_box)
        for w in (self.code_caption, self.code, self.address, self.discovery, self.database):
            hosting.addWidget(w)
        self.hosting_box.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.setup_box)
        layout.addWidget(self.hosting_box, stretch=1)
        layout.addStretch(0)
        self._fill_levels(settings.world)  # again, now that the modes exist
        self._mode_changed()

    def _fill_levels(self, chosen: str = "") -> None:
        game = get_game(str(self.game.currentData()))
        self.concept.setText(game_text(game.concept))
        self.world.clear()
        for level in game.levels:
            title = game_text(level.title)
            text = (
                self.tr("{0} ({1})").format(title, game_text(level.blurb)) if level.blurb else title
            )
            self.world.addItem(text, level.key)
        self.world.setCurrentIndex(max(0, self.world.findData(chosen)))
        modes = {m.value for m in game.modes}
        mode_box: QComboBox | None = getattr(self, "mode", None)
        if mode_box is None:
            return
        model = mode_box.model()
        if isinstance(model, QStandardItemModel):
            for i in range(mode_box.count()):
                item = model.item(i)
                if item is not None:
                    item.setEnabled(mode_box.itemData(i) in modes)

    @Slot()
    def _game_changed(self) -> None:
        self._fill_levels()
        self.game_changed.emit(str(self.game.currentData()))

    @Slot()
    def _bind_changed(self) -> None:
        self.reach.setText(reach_note(str(self.bind.currentData())))

    def plan(self) -> ClassPlan:
        return ClassPlan(
            class_name=self.class_name.text().strip(),
            game=str(self.game.currentData()),
            world=str(self.world.currentData()),
            mode=str(self.mode.currentData()),
            round_seconds=float(self.seconds.value()),
            ai_pilots=self.ai_pilots.value() if self.mode.currentData() == "solo" else 0,
            bind=str(self.bind.currentData()),
        )

    @Slot()
    def _mode_changed(self) -> None:
        self.ai_pilots.setEnabled(self.mode.currentData() == "solo" and self.mode.isEnabled())

    @Slot()
    def _start(self) -> None:
        plan = self.plan()
        if not plan.class_name:
            self.show_error(self.tr("The class needs a name; students see it when they join."))
            return
        self.error.hide()
        self.start_button.setEnabled(False)
        self.start_button.setText(self.tr("Starting…"))
        self.start_requested.emit(plan)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.start_button.setEnabled(True)
        self.start_button.setText(self.tr("&Start class"))

    @Slot(object)
    def on_hosting(self, info: HostInfo) -> None:
        for w in (
            self.class_name,
            self.game,
            self.world,
            self.mode,
            self.ai_pilots,
            self.seconds,
            self.bind,
            self.start_button,
        ):
            w.setEnabled(False)
        self.start_button.setText(self.tr("Hosting"))
        self.code.setText(info.join_code)
        self.code.setAccessibleName(self.tr("Join code {0}").format(" ".join(info.join_code)))
        self.address.setText(self.tr("Address: {0}").format(info.address))
        self.address.setToolTip(
            self.tr("For bots and scripts: --server {0}").format(info.join_string)
        )
        if is_loopback(info.bind):
            self.discovery.setText(
                self.tr(
                    "{0} The class is not open to the network: to let students join, end "
                    "the lesson and start the class again open to every network."
                ).format(reach_note(info.bind))
            )
            self.discovery.setStyleSheet("color: #c62828;")
        elif info.discovery == "off":
            self.discovery.setText(
                self.tr(
                    "{0} They type the join code and, as this class is not announced on the "
                    "network, the address above."
                ).format(reach_note(info.bind))
            )
            self.discovery.setStyleSheet("")
        else:
            self.discovery.setText(
                self.tr(
                    "{0} They type the join code: their player finds this class on the "
                    "network. Where the network hides it, they add the address above."
                ).format(reach_note(info.bind))
            )
            self.discovery.setStyleSheet("")
        self.database.setText(
            self.tr("{0}\nResults are saved in {1}").format(
                encryption_note(info.public_key), info.database
            )
        )
        self.hosting_box.show()
