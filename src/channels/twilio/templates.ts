// WhatsApp's 24-hour customer service window. Inside it (since the tenant's last message) anything may be sent;
// outside it only a template WhatsApp has approved. The code keeps the two apart: session messages are sent only
// inside the window, and outside it only the approved templates named here, with the words each was approved with.
import { render } from "../../conversation/content";
import type { ContentKey } from "../../../dialogs/content/en";

export const WHATSAPP_WINDOW_MS = 24 * 3_600_000;

/**
 * The approved templates, by their name in WHATSAPP_CONTENT, and the catalogue entry with their exact words ({{1}} in
 * the template is the landlord's name). README "Connecting a WhatsApp sender" gives the text to submit for approval.
 */
export const APPROVED_TEMPLATES = {
  /** A staff reply is waiting: the tenant's answer opens the window and the reply follows. */
  reopen: "whatsapp.template.reopen",
  /** Nobody has picked the conversation up within its target. */
  late: "whatsapp.template.late",
} as const satisfies Record<string, ContentKey>;

export type ApprovedTemplate = keyof typeof APPROVED_TEMPLATES;

export function insideWindow(lastInboundAt: Date | null, now: Date): boolean {
  return lastInboundAt !== null && now.getTime() - lastInboundAt.getTime() <= WHATSAPP_WINDOW_MS;
}

/** An approved template ready to send, with the words it says for the record; null when it is not configured. */
export function approvedTemplate(
  name: ApprovedTemplate,
  sids: Record<string, string>,
  landlordName: string,
): { text: string; content: { sid: string; variables: Record<string, string> } } | null {
  const sid = sids[name];
  if (!sid) return null;
  return { text: render(APPROVED_TEMPLATES[name], { landlordName }), content: { sid, variables: { "1": landlordName } } };
}
