from tramits.models.catalogue import Procedure, ProcedureField, Topic
from tramits.models.registry import (
    Attachment,
    Draft,
    DraftFile,
    RegistryEntry,
    StatusChange,
    Submission,
)

__all__ = [
    "Attachment",
    "Draft",
    "DraftFile",
    "Procedure",
    "ProcedureField",
    "RegistryEntry",
    "StatusChange",
    "Submission",
    "Topic",
]
