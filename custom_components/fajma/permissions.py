"""Who may do what: device control (restart, calibrate) is for administrators only.

Reading vitals and acknowledging alerts stay open to every user (a caregiver need not be an
administrator). Calls without a user (automations, scripts, Home Assistant itself) are
trusted: whoever wrote the automation was an administrator.
"""

from __future__ import annotations

from homeassistant.auth.permissions.const import POLICY_CONTROL
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import Unauthorized

from .const import DOMAIN


class AdminRequired(Unauthorized):
    """A user who is not an administrator tried to control a device; the message is translated."""

    def __init__(self, context: Context, *, entity_id: str | None = None) -> None:
        """Initialize with the refused call's context."""
        super().__init__(context=context, entity_id=entity_id, permission=POLICY_CONTROL)
        self.translation_domain = DOMAIN
        self.translation_key = "admin_required"
        self.translation_placeholders = {}
        # Unauthorized sets its class name as the message; show the translated one instead.
        self.generate_message = True
        self.args = ("admin_required",)


async def async_check_admin(
    hass: HomeAssistant, context: Context | None, *, entity_id: str | None = None
) -> None:
    """Raise AdminRequired unless the call comes from an administrator or from no user."""
    if context is None or context.user_id is None:
        return
    user = await hass.auth.async_get_user(context.user_id)
    if user is None or not user.is_admin:
        raise AdminRequired(context, entity_id=entity_id)
