// Every journey the engine can run, by id.
import type { Flow } from "../src/conversation/types";
import { appointmentFlow } from "./appointment";
import { asbFlow } from "./asb";
import { complaintFlow } from "./complaint";
import { detailsFlow } from "./details";
import { emergencyFlow } from "./emergency";
import { menuFlow } from "./menu";
import { otherFlow } from "./other";
import { paymentFlow } from "./payment";
import { repairFlow } from "./repair";
import { satisfactionFlow } from "./satisfaction";
import { statusFlow } from "./status";

export const FLOWS: Record<string, Flow> = {
  [menuFlow.id]: menuFlow,
  [emergencyFlow.id]: emergencyFlow,
  [repairFlow.id]: repairFlow,
  [statusFlow.id]: statusFlow,
  [asbFlow.id]: asbFlow,
  [complaintFlow.id]: complaintFlow,
  [paymentFlow.id]: paymentFlow,
  [detailsFlow.id]: detailsFlow,
  [otherFlow.id]: otherFlow,
  [satisfactionFlow.id]: satisfactionFlow,
  [appointmentFlow.id]: appointmentFlow,
};
