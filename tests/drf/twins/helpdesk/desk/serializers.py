from rest_framework import serializers

from .models import Comment, Ticket


class TicketSerializer(serializers.ModelSerializer):
    reporter = serializers.StringRelatedField()
    comment_count = serializers.SerializerMethodField()

    class Meta:
        model = Ticket
        fields = ["id", "title", "description", "priority", "status", "workstation_ip",
                  "reporter", "comment_count", "created_at"]

    def get_comment_count(self, ticket):
        return ticket.comments.count()

    def validate_title(self, value):
        if "urgent" in value.lower():
            raise serializers.ValidationError(
                'Set the priority to high instead of writing "urgent" in the title.'
            )
        return value

    def validate(self, attrs):
        def current(field):
            if field in attrs:
                return attrs[field]
            return getattr(self.instance, field, None)

        if current("priority") == "high" and not (current("description") or "").strip():
            raise serializers.ValidationError("A high-priority ticket needs a description.")
        return attrs


class TicketListSerializer(serializers.ModelSerializer):
    """What a list of tickets shows."""

    class Meta:
        model = Ticket
        fields = ["id", "title", "priority", "status"]


class TicketPrioritySerializer(serializers.ModelSerializer):
    """The body of `reprioritize`."""

    class Meta:
        model = Ticket
        fields = ["priority"]
        extra_kwargs = {"priority": {"required": True}}


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.StringRelatedField()

    class Meta:
        model = Comment
        fields = "__all__"

    def validate(self, attrs):
        ticket = attrs.get("ticket")
        if ticket is not None and ticket.status == "closed":
            raise serializers.ValidationError("This ticket is closed.")
        return attrs
