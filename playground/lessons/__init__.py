"""Lessons: guided challenges for visitors, students and self-learners.

A lesson is data, not code: one TOML file per lesson in this folder, read in file-name order
(``01_two_blobs.toml``, ``02_circle.toml``, ...). To add a lesson, copy a file, give it a new ``id``
and a new number; to translate one, copy it and change only the texts (keep or change the ``id``).
Every lesson is checked when it is loaded: a typo (an unknown setting, an unknown measure, a goal
without a bound) stops with one line naming the file and the step. The tests train every step's
documented answer to show that its goal can be reached and that the starting point alone does not.

FORMAT
======

Top level::

    id = "circle"                    # short name used in links (?lesson=circle): a-z, 0-9, '-', '_'
    title = "Bend the line"          # shown in the lesson menu
    summary = "..."                  # optional: one sentence for the menu
    setup = { dataset = "circle" }   # optional: settings every step with a `start` begins from

    [[steps]]                        # one table per step, in order
    title = "..."                    # optional: a short heading for the step
    text = \"\"\"What to do, in 2-4 short sentences. Line breaks join up; a blank line
    starts a new paragraph.\"\"\"
    start = { hidden_layers = [] }   # settings applied when the step opens (see below)
    goal = [                         # every condition must hold in the same frame
      { measure = "test_accuracy", at_least = 0.9 },
      { measure = "hidden_neurons", at_most = 4, label = "Neurons" },   # label: optional wording
    ]
    hint = "..."                     # optional: shown after `hint_after` seconds without success
    hint_after = 40                  # optional, seconds (default 45)
    success = "..."                  # shown once the goal is met (default "Well done!")
    answer = { hidden_layers = [3] } # the documented answer: settings applied on top of the start
    answer_epochs = 300              # how long the tests train the answer (and the start alone)
    answer_hand_steps = 0            # optional: the answer also takes this many backpropagation steps by
                                     # hand (Step through), for goals on the measure hand_steps

Settings (``setup``, ``start``, ``answer``) use the names and values of a shared link (see
:data:`playground.settings.LINK`): ``dataset``, ``noise``, ``n_samples``, ``features``,
``hidden_layers``, ``activations`` (one per hidden layer), ``learning_rate``, ``regularization``,
``reg_rate``, ``dropout``, ``predict_dropout``, ``seed`` ... They are checked exactly like a link.

When a step with a ``start`` opens, every setting except the visitor's display and speed choices
goes back to its default, then the lesson's ``setup`` and the step's ``start`` apply, and training
begins afresh at epoch 0: the step always starts the same way (``start = {}`` for "just setup").
A step without ``start`` continues with whatever network and settings the visitor has.

Goal conditions: ``measure`` and ``at_least``, ``at_most`` (both allowed) or ``equals``. Measures
(see :data:`playground.lessons.measures.MEASURES`): ``epoch``, ``train_loss``, ``test_loss``,
``train_accuracy``, ``test_accuracy`` (0..1), ``hidden_neurons``, ``hidden_layers``, ``diverged``
(1 or 0), ``auc``, ``cut_auc``, ``auc_gain`` (network AUC minus the best single cut's),
``test_loss_rise`` (test loss now minus its lowest value in this run), ``loss_gap`` (test minus
training loss), ``prediction_spread``; and any numeric or on/off setting by its name
(``learning_rate``, ``predict_dropout`` = 1 ...), or a choice setting with ``equals`` (``optimizer``
equals "adam"). ``{ measure = "epoch", at_most = 100 }`` makes "within 100 epochs".

API
===

``builtin_lessons()``, ``lesson_ids()``, ``get_lesson(id)``, ``load_lesson(path)``,
``load_lessons(folder)``, ``LessonRunner(experiment, lessons=None)`` (``start``, ``check``,
``next``, ``restart``, ``show_answer``, ``stop``), ``measures(experiment, snapshot, names)``,
``refused_settings(lesson, experiment)`` (what a narrowed screen, e.g. a booth, would refuse).
"""
from .lesson import (Condition, Lesson, LessonError, Step, builtin_lessons, get_lesson, lesson_ids, load_lesson,
                     load_lessons, parse_lesson)
from .measures import MEASURES, measure_names, measures
from .runner import Feedback, LessonRunner, Progress, refused_settings

__all__ = [
    "Condition", "Feedback", "Lesson", "LessonError", "LessonRunner", "MEASURES", "Progress", "Step",
    "builtin_lessons", "get_lesson", "lesson_ids", "load_lesson", "load_lessons", "measure_names", "measures",
    "parse_lesson", "refused_settings",
]
