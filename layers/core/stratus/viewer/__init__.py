"""The run viewer: static pages at ``/ui/`` that read the JSON API with the user's API key."""
