"""The understanding step: one pass per free-text message that answers, screens and warns together.

Public API (pure apart from the knowledge base it is given; no Rasa here)::

    from understanding import Understander
    u = Understander(kb)                    # kb: knowledge_base.KnowledgeBase (or a stand-in)
    result = u.handle("ditawari kerja di Laos gaji 9 juta, aman gak?", state={})
    result.parts        # ordered blocks: danger → screen → answer/guess → report
    result.state        # the dialogue state to store for the next turn (expires after 30 min)
    result.start_form   # "report_form" / "offer_form" when a form should start

``actions/`` only adapts this to Rasa.
"""

from understanding.checks import Verdict, rule_verdicts
from understanding.replies import danger_block
from understanding.signals import Signals, is_side_question, read_signals
from understanding.step import STATE_TTL_S, Part, Understander, Understanding

__all__ = ["STATE_TTL_S", "Part", "Signals", "Understander", "Understanding", "Verdict",
           "danger_block", "is_side_question", "read_signals", "rule_verdicts"]
