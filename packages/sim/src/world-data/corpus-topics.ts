/**
 * Topic templates of the benign email corpus: work operations (scheduling, finance, procurement, IT, travel,
 * legal, facilities). People-facing topics are in `corpus-topics-people.ts`. `{slot}`s are filled from
 * `SLOT_FILLERS`; `{r}` is the recipient's first name.
 */
export interface Topic {
  readonly id: string;
  readonly domain: string;
  /** `subjects[i]` is the subject line of `bodies[i]` (same length). */
  readonly subjects: readonly string[];
  /** Main paragraph variants. */
  readonly bodies: readonly string[];
  /** Questions that make the mail a task (the sender expects an answer). */
  readonly asks: readonly string[];
  /** Probability that a mail on this topic asks for an answer. */
  readonly taskRate: number;
}

export const OPERATIONS_TOPICS: readonly Topic[] = [
  {
    id: 'meeting-request', domain: 'scheduling', taskRate: 0.9,
    subjects: ['Quick sync on {project}?', '{project} catch-up', 'Meeting request: {project} next steps'],
    bodies: [
      'Could we find {duration} this week to go through the open items on {project}? I have a few questions about the timeline.',
      "I'd like to set up a short meeting about {project} with you and {person2}. {weekday} at {time} in {room} would be ideal.",
      'Now that the {quarter} numbers are in, it would be good to sit down and plan the next phase of {project}.',
    ],
    asks: ['Does {weekday} at {time} work for you?', 'What does your calendar look like on {weekday}?', 'Can you send me a couple of slots that suit you?'],
  },
  {
    id: 'meeting-reschedule', domain: 'scheduling', taskRate: 0.75,
    subjects: ['Moving our {weekday} meeting', 'Reschedule: {project} review', 'Change of time for {weekday}'],
    bodies: [
      'Something came up on my side, so I need to move our {weekday} meeting. Would {weekday2} at {time} work instead?',
      "The {project} review clashes with the all-hands, so I've pushed it to {date}, same time, still in {room}.",
      'Apologies for the late notice — I have to reschedule our call about {doc}. I can do any time after {time} on {weekday2}.',
    ],
    asks: ['Let me know if the new time is OK.', 'Does that still work for you?'],
  },
  {
    id: 'agenda', domain: 'scheduling', taskRate: 0.55,
    subjects: ['Agenda for {weekday}', 'Draft agenda: {project} workshop', 'Topics for our next 1:1'],
    bodies: [
      'Here is the draft agenda for {weekday}: 1) status of {project}, 2) budget for {quarter}, 3) hiring, 4) any other business.',
      'For the {project} workshop on {date} I suggest we start with the customer feedback, then the roadmap, then a short retro.',
      'A few things I would like to cover in our next 1:1: the {doc} feedback, my training plan, and holidays in {month}.',
    ],
    asks: ['Anything you want to add?', 'Is there a topic you would like me to drop?'],
  },
  {
    id: 'invoice-submitted', domain: 'finance', taskRate: 0.5,
    subjects: ['Invoice {invoice} from {vendor}', 'Invoice {invoice} attached', 'Payment due: {invoice}'],
    bodies: [
      'Please find attached invoice {invoice} for {amount}, covering the services delivered in {month}. Payment terms are 30 days.',
      '{vendor} sent over invoice {invoice} ({amount}) for the work on {project}. It references {po}.',
      'Attached is our invoice {invoice} for {amount}. Bank details for the transfer: IBAN {iban}.',
    ],
    asks: ['Could you confirm it has been received?', 'Can you let me know the expected payment date?'],
  },
  {
    id: 'invoice-query', domain: 'finance', taskRate: 0.85,
    subjects: ['{invoice}: amount does not match {po}', 'Discrepancy on {invoice}', 'Question about invoice {invoice}'],
    bodies: [
      'The total on invoice {invoice} is {amount}, but the purchase order {po} was approved for less. Can you check which is right?',
      'We were charged twice for the {month} subscription according to {invoice}. Could you look into a credit note?',
      "Invoice {invoice} is missing the VAT number, so finance can't process it yet.",
    ],
    asks: ['Could you send a corrected version?', 'Who on your side can help with this?'],
  },
  {
    id: 'expense-report', domain: 'finance', taskRate: 0.6,
    subjects: ['Receipts from the {city} trip', 'Expense report for {month}', 'Reimbursement request'],
    bodies: [
      'I have submitted my expense report for the {city} trip, {amount} in total, mostly hotel and train tickets.',
      'Attached are the receipts for the client dinner with {customer}. The total came to {amount}.',
      'The expense tool keeps rejecting my claim for {item}. It was approved by {person2} last week.',
    ],
    asks: ['Could you approve it when you have a moment?', 'Do you know why it might be rejected?'],
  },
  {
    id: 'budget-review', domain: 'finance', taskRate: 0.7,
    subjects: ['{quarter} budget review', 'Budget numbers for {project}', 'Forecast update'],
    bodies: [
      'We are {percent} over budget on {project}, mostly because of contractor costs. I have outlined two options in {doc}.',
      'The {quarter} forecast for the {team} team is ready. Headcount is flat; software spend is up by {amount}.',
      'Finance asked for the final {quarter} numbers by {date}. I have filled in our part of the sheet.',
    ],
    asks: ['Can you review the numbers before {weekday}?', 'Which option would you prefer?'],
  },
  {
    id: 'purchase-request', domain: 'procurement', taskRate: 0.75,
    subjects: ['Purchase request: {item}', 'Approval needed for {po}', 'Ordering {item}'],
    bodies: [
      'I would like to order {item} for the new starter in the {team} team. The quote from {vendor} is {amount}.',
      'Purchase order {po} for {count} licences of {product} is waiting for your approval in the system.',
      'We need {item} before {date}. {vendor} can deliver in five working days.',
    ],
    asks: ['Could you approve the request?', 'Is there a preferred supplier I should use instead?'],
  },
  {
    id: 'vendor-quote', domain: 'procurement', taskRate: 0.65,
    subjects: ['Quote from {vendor}', 'Comparing three quotes', 'Pricing for {product} renewal'],
    bodies: [
      '{vendor} came back with a quote of {amount} for the annual renewal, a {percent} increase on last year.',
      'I collected three quotes for the catering at the offsite. {vendor} is the cheapest at {amount}.',
      'The renewal for {product} is due on {date}. The vendor offered a discount if we sign for two years.',
    ],
    asks: ['Should I negotiate further or accept?', 'Do you want to see the other quotes?'],
  },
  {
    id: 'vendor-onboarding', domain: 'procurement', taskRate: 0.6,
    subjects: ['New supplier setup: {vendor}', 'Supplier form for {vendor}'],
    bodies: [
      'We are adding {vendor} as a supplier for {project}. They still need to fill in the security questionnaire.',
      'The supplier form for {vendor} is complete except for the insurance certificate, which they promised by {weekday}.',
    ],
    asks: ['Could you check the form before I submit it?', 'Do we need a separate NDA with them?'],
  },
  {
    id: 'it-ticket', domain: 'it', taskRate: 0.6,
    subjects: ['[{ticket}] {system} not working', 'Ticket {ticket} update', 'Your request {ticket}'],
    bodies: [
      'Your ticket {ticket} about {system} has been assigned to the service desk. We will update you within one working day.',
      'We applied a fix for {ticket}. Could you try {system} again and tell us if the problem persists?',
      'Please include the ticket number {ticket} in the subject line of any further emails about this issue.',
    ],
    asks: ['Is it working for you now?', 'Can you send a screenshot of the error?'],
  },
  {
    id: 'access-request', domain: 'it', taskRate: 0.8,
    subjects: ['Access to {system}', 'Permission request for {repo}', 'Need access to the {team} folder'],
    bodies: [
      'I started on the {project} project this week and still do not have access to {system}.',
      '{person2} from the {team} team needs read access to the {repo} repository for the audit.',
      'Could you add me to the {team} shared folder? My manager already approved it.',
    ],
    asks: ['Who should I ask to approve it?', 'Could you grant it today?'],
  },
  {
    id: 'outage-notice', domain: 'it', taskRate: 0.2,
    subjects: ['Planned maintenance on {weekday}', '{system} outage resolved', 'Heads-up: {system} downtime'],
    bodies: [
      '{system} will be unavailable on {weekday} from {time} for roughly {duration} while we apply updates.',
      'The {system} outage from this morning has been resolved. The root cause was an expired certificate.',
      'We are migrating {system} on {date}. Please save your work before {time}.',
    ],
    asks: ['Will this affect your team?'],
  },
  {
    id: 'equipment', domain: 'it', taskRate: 0.65,
    subjects: ['Laptop replacement', 'Returning {item}', 'Your new equipment'],
    bodies: [
      'Your replacement laptop has arrived. You can pick it up from the IT desk any day after {time}.',
      'I am leaving the {project} team, so I need to return {item}. Where should I drop it off?',
      '{item} you ordered has been delivered to {room}.',
    ],
    asks: ['Could you let me know what works?', 'Anything else you need from IT?'],
  },
  {
    id: 'travel-booking', domain: 'travel', taskRate: 0.7,
    subjects: ['Trip to {city}', 'Flights for the {city} conference', 'Travel booking: {date}'],
    bodies: [
      'I have booked you on {airline} flight {flight} to {city} on {date}, and two nights at {hotel}.',
      'For the {city} conference, the cheapest option is {airline} via a short layover; direct flights are {amount} more.',
      'Travel for the {customer} visit is confirmed: {flight} out on {weekday}, back on {weekday2}.',
    ],
    asks: ['Could you confirm the dates before I pay?', 'Do you have a seat preference?'],
  },
  {
    id: 'travel-change', domain: 'travel', taskRate: 0.8,
    subjects: ['Flight {flight} cancelled', 'Hotel change in {city}'],
    bodies: [
      '{airline} cancelled flight {flight}. The next available option lands in {city} at {time} the following day.',
      '{hotel} is overbooked for the conference week, so we moved you to a partner hotel nearby.',
    ],
    asks: ['Is the later arrival OK, or should I look for alternatives?', 'Do you want me to rebook?'],
  },
  {
    id: 'contract-review', domain: 'legal', taskRate: 0.85,
    subjects: ['{contract} with {customer}', 'Review: {contract}', 'Redlines on the {contract}'],
    bodies: [
      'Attached is the {contract} with {customer}. I flagged {clause}, which differs from our standard template.',
      '{customer} returned the {contract} with redlines. Most are minor, but {clause} needs legal sign-off.',
      'We need the {contract} signed by {date} for {project} to start on time.',
    ],
    asks: ['Could you review it by {weekday}?', 'Are you comfortable with their changes?'],
  },
  {
    id: 'compliance', domain: 'legal', taskRate: 0.5,
    subjects: ['Data-retention review', 'Compliance check for {project}', 'Annual policy attestation'],
    bodies: [
      'As part of the annual audit, each team lead has to confirm they have read the updated data-retention policy.',
      'Before {project} launches we need a privacy impact assessment. I have started a draft in {doc}.',
      'The auditors asked for evidence of access reviews for {system}. The last one was done in {month}.',
    ],
    asks: ['Can you take care of your part by {date}?', 'Who on your team should I talk to?'],
  },
  {
    id: 'facilities', domain: 'facilities', taskRate: 0.35,
    subjects: ['Office move on {date}', 'Fire drill {weekday}', 'Kitchen and desk booking'],
    bodies: [
      'The {team} team is moving to the third floor on {date}. Please pack your desk by {weekday} afternoon.',
      'There will be a fire drill on {weekday} at {time}. Please leave by the nearest exit and gather in the car park.',
      'From next month desks are bookable through {system}. {room} is reserved for the {team} team on Thursdays.',
    ],
    asks: ['Any questions?', 'Does that cause problems for anyone on your side?'],
  },
  {
    id: 'shipping', domain: 'operations', taskRate: 0.6,
    subjects: ['Shipment for {customer}', 'Delivery delay on {po}', 'Tracking for order {po}'],
    bodies: [
      'The shipment for {customer} ({count} pallets) left the warehouse this morning and should arrive on {date}.',
      '{vendor} let us know that the delivery for {po} is delayed by about a week because of a customs check.',
      'Order {po} was split into two deliveries; the second part goes out on {weekday}.',
    ],
    asks: ['Should we let the customer know?', 'Can you update the delivery date in the system?'],
  },
  {
    id: 'inventory', domain: 'operations', taskRate: 0.55,
    subjects: ['Low stock alert', 'Inventory count on {weekday}'],
    bodies: [
      'Stock of the spare parts for {product} is down to {count} units, below our reorder point.',
      'The quarterly inventory count is on {weekday}. Each team should send one person to the warehouse at {time}.',
    ],
    asks: ['How should we handle it?', 'Can someone from your team help?'],
  },
  {
    id: 'report-request', domain: 'analytics', taskRate: 0.8,
    subjects: ['Numbers for the {quarter} report', 'Data pull for {customer}', 'Dashboard question'],
    bodies: [
      'For the {quarter} report I need the monthly active users for {product}, split by region.',
      '{customer} asked for a usage summary for the last {count} weeks. Could you pull it from the warehouse?',
      'The conversion rate on {product} dropped {percent} last week according to the dashboard. Is that real or a tracking issue?',
    ],
    asks: ['Could you send the figures by {weekday}?', 'Do you have time to look into it?'],
  },
];
