import { describe, expect, it } from "vitest";
import {
  canAdminister,
  canClassify,
  canEditDraft,
  canEscalate,
  canFollowUp,
  canMarkExtension,
  canModerate,
  canNudge,
  canSetAppealNotice,
  canView,
  canWithdraw,
  classifyChoices,
  escalationWindowOpen,
  viewerOf,
  visitor,
} from "../../requests/policy";

const OWNER = 7;
const owner = viewerOf({ id: OWNER, role: "citizen" });
const stranger = viewerOf({ id: 8, role: "citizen" });
const admin = viewerOf({ id: 9, role: "admin" });
const req = (state: string) => ({ user_id: OWNER, state });

describe("request policy", () => {
  it("shows drafts to their owner and administrators only, everything else to all", () => {
    const rows: Array<[string, typeof owner, boolean]> = [
      ["draft", owner, true],
      ["draft", admin, true],
      ["draft", stranger, false],
      ["draft", visitor, false],
      ["awaiting_response", visitor, true],
      ["withdrawn", stranger, true],
    ];
    for (const [state, viewer, expected] of rows) expect([state, viewer, canView(viewer, req(state))]).toEqual([state, viewer, expected]);
  });

  it("lets only the owner follow up, and only a sent, open request (the one rule page and domain share)", () => {
    const table: Array<[string, boolean]> = [
      ["draft", false],
      ["awaiting_response", true],
      ["awaiting_classification", true],
      ["waiting_clarification", true],
      ["refused", true],
      ["successful", true],
      ["appeal_pending", true],
      ["withdrawn", false],
    ];
    for (const [state, expected] of table) {
      expect([state, canFollowUp(owner, req(state))]).toEqual([state, expected]);
      expect([state, canFollowUp(stranger, req(state))]).toEqual([state, false]);
      expect([state, canFollowUp(admin, req(state))]).toEqual([state, false]);
    }
  });

  it("edits drafts only, by their owner", () => {
    expect(canEditDraft(owner, req("draft"))).toBe(true);
    expect(canEditDraft(owner, req("awaiting_response"))).toBe(false);
    expect(canEditDraft(admin, req("draft"))).toBe(false);
  });

  it("withdraws what the lifecycle allows, and offers the owner the classifications the state permits", () => {
    expect(canWithdraw(owner, req("awaiting_response"))).toBe(true);
    expect(canWithdraw(owner, req("successful"))).toBe(false);
    expect(canWithdraw(owner, req("withdrawn"))).toBe(false);
    expect(canWithdraw(stranger, req("awaiting_response"))).toBe(false);
    expect(canClassify(owner, req("refused"))).toBe(true);
    expect(canClassify(admin, req("refused"))).toBe(false);
    expect(classifyChoices(stranger, req("awaiting_response"))).toEqual([]);
    expect(classifyChoices(owner, req("awaiting_response"))).not.toContain("withdrawn");
    expect(classifyChoices(owner, req("awaiting_response"))).toContain("successful");
    expect(classifyChoices(owner, req("withdrawn"))).toEqual([]);
  });

  it("nudges when overdue and escalates after a refusal or silence, never while an appeal is pending", () => {
    const due = { due_date: "2026-03-02", extended_due_date: null };
    expect(canNudge(owner, req("awaiting_response"), true)).toBe(true);
    expect(canNudge(owner, req("awaiting_response"), false)).toBe(false);
    expect(canNudge(stranger, req("awaiting_response"), true)).toBe(false);
    expect(canEscalate(owner, req("refused"), due, "2026-02-01")).toBe(true);
    expect(canEscalate(owner, req("awaiting_response"), due, "2026-02-01")).toBe(false);
    expect(canEscalate(owner, req("awaiting_response"), due, "2026-03-20")).toBe(true);
    expect(canEscalate(owner, req("appeal_pending"), due, "2026-03-20")).toBe(false);
    expect(canEscalate(stranger, req("refused"), due, "2026-02-01")).toBe(false);
    expect(escalationWindowOpen("refused", due, "2026-02-01")).toBe(true);
    expect(escalationWindowOpen("appeal_pending", due, "2026-03-20")).toBe(false);
  });

  it("lets the owner mark extensions, and a missing appeal notice only on a decision", () => {
    expect(canMarkExtension(owner, req("awaiting_response"))).toBe(true);
    expect(canMarkExtension(admin, req("awaiting_response"))).toBe(false);
    expect(canSetAppealNotice(owner, req("refused"))).toBe(true);
    expect(canSetAppealNotice(owner, req("partially_successful"))).toBe(true);
    expect(canSetAppealNotice(owner, req("awaiting_response"))).toBe(false);
    expect(canSetAppealNotice(stranger, req("refused"))).toBe(false);
  });

  it("opens the moderation page to administrators and the requester; its admin actions to administrators", () => {
    expect(canModerate(admin, req("awaiting_response"))).toBe(true);
    expect(canModerate(owner, req("awaiting_response"))).toBe(true);
    expect(canModerate(stranger, req("awaiting_response"))).toBe(false);
    expect(canModerate(visitor, req("awaiting_response"))).toBe(false);
    expect(canAdminister(admin)).toBe(true);
    expect(canAdminister(owner)).toBe(false);
  });
});
