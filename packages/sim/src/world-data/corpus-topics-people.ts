/**
 * Topic templates of the benign email corpus: engineering, project status, HR, customers and social mail.
 * Operations topics (scheduling, finance, procurement, IT, travel, legal) are in `corpus-topics.ts`.
 */
import type { Topic } from './corpus-topics.js';

export const PEOPLE_TOPICS: readonly Topic[] = [
  {
    id: 'code-review', domain: 'engineering', taskRate: 0.85,
    subjects: ['Review request: {repo} {pr}', 'PR {pr} ready for review', 'Can you look at {pr}?'],
    bodies: [
      'I opened {pr} in {repo}. It refactors the retry logic and adds tests for the timeout case.',
      'PR {pr} is ready for another look. I addressed your comments except the one about naming, which I would rather do separately.',
      'The change in {pr} touches the database migrations in {repo}, so I would appreciate a careful review.',
    ],
    asks: ['Could you review it before {weekday}?', 'Do you have time today or should I ask {person2}?'],
  },
  {
    id: 'release', domain: 'engineering', taskRate: 0.4,
    subjects: ['Release {version} on {weekday}', 'Release notes for {version}', 'Go/no-go for {version}'],
    bodies: [
      'Version {version} of {product} is scheduled for {weekday} at {time}. The release notes are in {doc}.',
      'All checks passed for {version} except one flaky integration test, which we are tracking separately.',
      'We rolled out {version} to {percent} of users. Error rates look normal so far.',
    ],
    asks: ['Are you OK with a go?', 'Anything from your side that must go in?'],
  },
  {
    id: 'incident', domain: 'engineering', taskRate: 0.5,
    subjects: ['Incident on {product}', 'Latency spike in {repo}', 'Post-mortem for {weekday} outage'],
    bodies: [
      'We had a {duration} outage on {product} this morning. Service is restored; the post-mortem is scheduled for {weekday}.',
      'Latency in {repo} tripled after the last deploy. We rolled back to {version} while we investigate.',
      'The post-mortem draft for the {weekday} incident is in {doc}. The main action item is better alerting.',
    ],
    asks: ['Can you add your timeline notes?', 'Could you join the post-mortem at {time}?'],
  },
  {
    id: 'bug-report', domain: 'engineering', taskRate: 0.75,
    subjects: ['Crash when exporting', 'Bug in {product}', 'Strange behaviour on {product}'],
    bodies: [
      'Users report that {product} crashes when they export more than {count} rows. I can reproduce it on {version}.',
      'The date picker in {product} shows the wrong month for users in {city}. Probably a time-zone issue.',
      'After the update, {product} logs everyone out every {duration}. Several customers have complained.',
    ],
    asks: ['Who should pick this up?', 'Could you take a look today?'],
  },
  {
    id: 'architecture', domain: 'engineering', taskRate: 0.7,
    subjects: ['Design doc: {project}', 'RFC for the new {repo} API'],
    bodies: [
      'I wrote up a design proposal for moving {repo} to an event-driven model. It is in {doc}.',
      'The RFC for the new {repo} API is open for comments until {date}. The main open question is pagination.',
    ],
    asks: ['Could you leave comments by {weekday}?', 'Would you be up for a walkthrough?'],
  },
  {
    id: 'project-status', domain: 'project', taskRate: 0.35,
    subjects: ['{project} status update', 'Weekly update: {project}', '{project}: where we are'],
    bodies: [
      '{project} is on track. We finished the integration work this week and testing starts on {weekday}.',
      '{project} is about two weeks behind because of the vendor delay. The launch is now planned for {date}.',
      'Quick update on {project}: {percent} of the milestones are done, the budget is fine, and the main risk is staffing.',
    ],
    asks: ['Any concerns before I send this to leadership?', 'Can you update your section of {doc}?'],
  },
  {
    id: 'deadline', domain: 'project', taskRate: 0.8,
    subjects: ['Deadline for {doc}', 'Reminder: {project} deliverables due {weekday}'],
    bodies: [
      'A friendly reminder that {doc} is due on {date}. I still need your section.',
      'The {project} deliverables are due to {customer} on {weekday}. Are we still on track?',
    ],
    asks: ['Will you make it in time?', 'Do you need an extension?'],
  },
  {
    id: 'handover', domain: 'project', taskRate: 0.6,
    subjects: ['Covering {project} next week', 'Handover while I am away'],
    bodies: [
      'I am on leave from {date}. {person2} will cover {project}; the open items are listed in {doc}.',
      'While I am away, the {customer} account goes to you. The only urgent item is the renewal due on {date}.',
    ],
    asks: ['Is that OK with you?', 'Shall we do a quick handover call on {weekday}?'],
  },
  {
    id: 'document-feedback', domain: 'project', taskRate: 0.85,
    subjects: ['Feedback on {doc}', 'Draft of {doc}', 'Comments welcome: {doc}'],
    bodies: [
      'I shared a first draft of {doc}. It is rough, but the structure is there.',
      'Thanks for the comments on {doc}. I rewrote the introduction and cut the appendix.',
      '{doc} is almost final. Could you check the numbers in the second section?',
    ],
    asks: ['Could you send me your feedback by {weekday}?', 'Does the new version read better?'],
  },
  {
    id: 'hiring', domain: 'hr', taskRate: 0.8,
    subjects: ['Interview panel for {team} role', 'Candidate feedback needed', 'Hiring update'],
    bodies: [
      'We have a strong candidate for the {team} role. Could you join the panel on {weekday} at {time}?',
      'Please add your feedback on {person} to the hiring system by {weekday}; we want to decide this week.',
      'We closed the {team} role. {person} accepted the offer and starts on {date}.',
    ],
    asks: ['Could you get back to me by {weekday}?', 'Any questions before then?'],
  },
  {
    id: 'onboarding', domain: 'hr', taskRate: 0.6,
    subjects: ['Onboarding plan for {person}', 'Welcome {person}!'],
    bodies: [
      '{person} joins the {team} team on {weekday}. I set up a buddy programme and the first-week schedule is in {doc}.',
      'Please welcome {person} to the {team} team! They come from {customer} and will work on {project}.',
    ],
    asks: ['Could you be their buddy for the first month?', 'Can you set up their accounts before {weekday}?'],
  },
  {
    id: 'leave-request', domain: 'hr', taskRate: 0.85,
    subjects: ['Leave from {date}', 'Time off on {weekday}'],
    bodies: [
      'I would like to take leave from {date} for a week. {person2} has agreed to cover my tickets.',
      'I need to take {weekday} off for a family appointment. I will make up the hours later in the week.',
    ],
    asks: ['Is that OK with you?', 'Could you approve it in the HR system?'],
  },
  {
    id: 'performance', domain: 'hr', taskRate: 0.7,
    subjects: ['Self-assessment due {date}', 'Goals for {quarter}'],
    bodies: [
      'Mid-year reviews are starting. Please complete your self-assessment by {date}; we will meet the week after.',
      'Here are my draft goals for {quarter}: ship {project}, mentor a junior, and finish {course}.',
    ],
    asks: ['Could we discuss them on {weekday}?', 'Do the goals look reasonable to you?'],
  },
  {
    id: 'training', domain: 'hr', taskRate: 0.45,
    subjects: ['Reminder: {course}', 'Training sessions in {month}'],
    bodies: [
      'This is a reminder that {course} must be completed by {date}. It takes about {duration}.',
      'There are two sessions of {course} in {month}, on {weekday} and {weekday2} at {time}.',
    ],
    asks: ['Which session would you like to attend?', 'Have you already completed it?'],
  },
  {
    id: 'benefits', domain: 'hr', taskRate: 0.4,
    subjects: ['Benefits enrolment window', 'Payroll date change'],
    bodies: [
      'The benefits enrolment window opens on {date} and closes two weeks later. The options have not changed.',
      'Because of the bank holiday, salaries for {month} will be paid one day early.',
    ],
    asks: ['Do you have any questions about the options?'],
  },
  {
    id: 'customer-complaint', domain: 'support', taskRate: 0.8,
    subjects: ['Complaint from {customer}', 'Escalation: {customer}', 'Unhappy customer on {product}'],
    bodies: [
      '{customer} escalated ticket {ticket}: their team has been unable to use {product} for two days.',
      'A customer from {customer} wrote to say the last invoice was {percent} higher than quoted. They are quite upset.',
      '{customer} is threatening to cancel because of repeated outages on {product}.',
    ],
    asks: ['Can you call them today?', 'What can we offer them?'],
  },
  {
    id: 'customer-question', domain: 'support', taskRate: 0.85,
    subjects: ['Question from {customer}', 'How-to question on {product}', 'Feature request from {customer}'],
    bodies: [
      '{customer} asked whether {product} can export data to CSV on a schedule. I was not sure.',
      'A user at {customer} wants to know how to add more seats to their plan without a new contract.',
      '{customer} would like single sign-on for {product}. They have {count} users.',
    ],
    asks: ['Do you know the answer?', 'Is this on the roadmap?'],
  },
  {
    id: 'customer-renewal', domain: 'sales', taskRate: 0.7,
    subjects: ['{customer} renewal', 'Upsell opportunity with {customer}', 'Pricing for {customer}'],
    bodies: [
      'The {customer} contract renews on {date}. Usage is up {percent}, so there may be room for an upgrade.',
      '{customer} asked for a {percent} discount to renew for three years.',
      'I had a good call with {customer} today. They want a proposal for {count} more seats by {weekday}.',
    ],
    asks: ['Can you approve the discount?', 'Could you help me with the proposal?'],
  },
  {
    id: 'sales-lead', domain: 'sales', taskRate: 0.65,
    subjects: ['Intro: {person}', 'Demo request from {customer}'],
    bodies: [
      'I met {person} at the {city} trade show. They run operations at {customer} and are interested in {product}.',
      'We received a demo request from {customer} for {product}. They would like a call on {weekday}.',
    ],
    asks: ['Could you run the demo?', 'Should I loop in the account team?'],
  },
  {
    id: 'marketing', domain: 'marketing', taskRate: 0.6,
    subjects: ['Newsletter draft for {month}', 'Campaign results', 'Webinar on {date}'],
    bodies: [
      'The {month} newsletter draft is ready. It features the {customer} case study and the {version} release.',
      'The {quarter} campaign reached {count} thousand people with a {percent} click-through rate.',
      'We are hosting a webinar about {product} on {date} at {time}. Registration opens on {weekday}.',
    ],
    asks: ['Any feedback?', 'Would you like to be involved?'],
  },
  {
    id: 'lunch', domain: 'social', taskRate: 0.8,
    subjects: ['Lunch {weekday}?', 'Coffee?', 'Team lunch'],
    bodies: [
      'A few of us are going to {restaurant} on {weekday} around 12:30.',
      'It has been ages — want to grab a coffee at {room} this week?',
      'To celebrate the {project} launch, the team lunch is at {restaurant} on {date}. The company is paying.',
    ],
    asks: ['Want to join?', 'Are you in?', 'Any dietary requirements I should pass on?'],
  },
  {
    id: 'celebration', domain: 'social', taskRate: 0.5,
    subjects: ['Farewell for {person2}', "{person2}'s birthday"],
    bodies: [
      "{person2} is leaving at the end of {month}. We are collecting for a gift and signing a card at {room}.",
      "It is {person2}'s birthday on {weekday}! There will be cake in {room} at {time}.",
    ],
    asks: ['Would you like to chip in?', 'Can you keep it a surprise?'],
  },
  {
    id: 'offsite', domain: 'social', taskRate: 0.75,
    subjects: ['Team offsite in {city}', 'Offsite activities'],
    bodies: [
      'The {team} team offsite will be in {city} on {date}. We booked {hotel} for two nights.',
      'For the offsite we are choosing between a cooking class and a boat tour. The agenda is in {doc}.',
    ],
    asks: ['Which activity do you prefer?', 'Can you confirm you are coming?'],
  },
  {
    id: 'thanks', domain: 'social', taskRate: 0.1,
    subjects: ['Thank you!', 'Great work on the {customer} presentation'],
    bodies: [
      'I just wanted to say thank you for your help with {project}. The customer was really happy.',
      'Great job on the {customer} presentation yesterday. The feedback was excellent.',
    ],
    asks: ['Can I share your slides with the wider team?'],
  },
];
