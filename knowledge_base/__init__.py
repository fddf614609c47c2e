"""Search over the official guidance for prospective migrant workers, citing sources.

Public API::

    from knowledge_base import KnowledgeBase, Answer, Hit, normalize_text, load_contacts, build_index

    kb = KnowledgeBase.load()          # rebuilds the index if stale, loads model + faiss + BM25
    kb.search("gmn cara krj ke taiwan yg resmi", k=5)  # -> list[Hit]
    answer = kb.answer("Berapa biaya penempatan ke Taiwan?")
    kb.answer("kalau ke Hong Kong?", context=answer.context)
    kb.passage("biaya-penempatan-nol#1")  # -> Hit | None
    contact_reply("nomor KBRI Seoul brp?")  # -> (contact cards with sources and months, ids)

Nothing here does I/O at import; heavy libraries (torch, faiss) load on first use.
"""

from knowledge_base.authors import AUTHORS_DIR, learn_from, split_authors
from knowledge_base.contacts import (
                                     ASKS_FOR_CONTACT,
                                     WHERE_TO_COMPLAIN,
                                     asked_contacts,
                                     contact_reply,
)
from knowledge_base.destinations import DESTINATION_WORDS, country_name, detect_country
from knowledge_base.index import build_index
from knowledge_base.knowledge import (
                                     Answer,
                                     Hit,
                                     KnowledgeBase,
                                     load_contacts,
                                     load_limits,
                                     month_label,
)
from knowledge_base.normalize import STOPWORDS, normalize_text, spoken_numbers, standardize_regional

__all__ = ["ASKS_FOR_CONTACT", "WHERE_TO_COMPLAIN", "asked_contacts", "contact_reply", "Answer", "Hit", "KnowledgeBase", "build_index", "load_contacts", "load_limits",
           "month_label", "normalize_text", "spoken_numbers", "standardize_regional", "STOPWORDS",
           "detect_country", "country_name", "DESTINATION_WORDS", "learn_from", "split_authors",
           "AUTHORS_DIR"]
