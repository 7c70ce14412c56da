import factory
from django.utils import timezone

from accounts.models import DocumentType, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.cat")
    full_name = factory.Faker("name", locale="es_ES")
    id_document_type = DocumentType.DNI
    id_document_number = "12345678Z"
    preferred_language = "en"
    email_verified_at = factory.LazyFunction(timezone.now)

    class Params:
        # UserFactory(unverified=True): signed up, link not opened yet.
        unverified = factory.Trait(email_verified_at=None)
        # UserFactory(closed=True): what user_close leaves behind.
        closed = factory.Trait(
            full_name="",
            id_document_number="",
            email=factory.Sequence(lambda n: f"closed-{n}-0a1b2c@closed.invalid"),
            is_active=False,
            closed_at=factory.LazyFunction(timezone.now),
        )

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or "correct-horse-battery-staple")
        if create:
            self.save(update_fields=["password"])
