// Every word the bot sends, in English. {name} is filled in when the message is sent; numbered choices are added
// by the renderer. Each SMS must be GSM-7 and one segment with its choices (test/content/lint.test.ts checks).
export const en = {
  // First contact and the main menu
  "privacy.notice": "This is {landlordName}. We keep what you text us to help you. How we use it: {privacyUrl}",
  "menu.prompt": "How can we help? Reply with a number.",
  "menu.reprompt": "Sorry, we did not get that. Reply 1, 2 or 3.",
  "menu.repair": "Report a repair",
  "menu.status": "Check on a repair",
  "menu.person": "Talk to a person",

  // When the bot is not sure what free text is about
  "guess.prompt": "Sorry, we are not sure what this is about. Is it:",
  "guess.reprompt": "Reply with the number that fits best, or MENU to see everything.",
  "intent.repair": "A repair",
  "intent.asb": "Noise or nuisance",
  "intent.payment": "Rent or payments",
  "intent.complaint": "A complaint",
  "intent.status": "A repair you told us about",
  "intent.update_details": "Your phone or email",
  "intent.human": "Talk to a person",

  // Words that work at any time
  "help.text":
    "Reply with the number of your choice. MENU: start again. BACK: go back. PERSON: talk to us. In danger? Ring {emergency}.",
  "stop.confirmed": "You will get no more texts from us. Text START to turn them back on.",
  "start.confirmed": "Texts are back on. Reply MENU to start.",
  "start.resume": "Texts are back on. You were telling us about {flowName}.",
  "resume.prompt": "Welcome back. You were telling us about {flowName}.",
  "resume.reprompt": "Reply 1 to carry on or 2 to start again.",
  "resume.continue": "Carry on",
  "resume.restart": "Start again",
  "back.at_start": "You are at the start.",
  "miss.offer_person": "Sorry, we are not getting this. Do you want a person to text you?",
  "miss.offer_person.reprompt": "Reply 1 for a person to text you, or 2 to try again.",
  "frustration.offer": "Sorry, this is not going well. Do you want a person from our team to text you?",
  "miss.person": "Yes, a person",
  "miss.try_again": "No, try again",
  "handoff.requested":
    "OK. A person from our team will text you back. We are open {officeHours}. In an emergency ring {landlordPhone}.",
  "handoff.waiting": "We have your message and a person will text you back. Reply MENU to use this service.",
  "fault.apology": "Sorry, something went wrong our end. We have your message and a person will text you back.",

  // Danger: the first reply, before any question
  "danger.gas":
    "Gas smell? Get out now. No switches, flames or smoking. Open doors and windows. Turn gas off at the meter if safe. Ring {gasEmergency} from outside.",
  "danger.co":
    "Carbon monoxide? Open windows, turn off the appliance, go outside. Ring {gasEmergency}. Feel ill? Ring {nhsAdvice}, or {emergency} if serious.",
  "danger.fire": "Ring {emergency} now. Get everyone out and stay out. Close doors behind you. Use the stairs, not the lift.",
  "danger.flood":
    "Keep away from wet sockets and lights. If safe, turn off power at the fuse box and water at the stopcock. If anyone is hurt ring {emergency}.",
  "danger.electric_danger":
    "Do not touch it. If safe, turn off the power at the fuse box. If there is fire or smoke, get out and ring {emergency}.",
  "danger.insecure": "If someone broke in or you are in danger, ring {emergency}. To report a crime that is over, ring {policeNonEmergency}.",
  "danger.threat":
    "If you or anyone is in danger now, ring {emergency}. If you cannot talk, ring {emergency} then press 55. Police, not urgent: {policeNonEmergency}.",
  "danger.domestic_abuse":
    "If you are in danger now, ring {emergency}. National Domestic Abuse Helpline: {domesticAbuseHelpline}, free and open all day and night.",
  "danger.self_harm": "Please ring Samaritans free on {samaritans}, day or night. If your life is at risk now, ring {emergency}.",
  "danger.violence": "Ring {emergency} now if you or anyone is in danger. If you cannot talk, ring {emergency} then press 55. Stay somewhere safe.",
  "danger.hate":
    "We are sorry this happened. If you are in danger now, ring {emergency}. You can report hate crime to the police on {policeNonEmergency}.",
  "danger.child_at_risk": "If a child is in danger now, ring {emergency}. If not, ring the police on {policeNonEmergency}. We will tell our safeguarding team.",
  "danger.lift_entrapment": "If someone is hurt or unwell in the lift, ring {emergency}. Press the lift alarm button. Do not try to force the doors.",
  "danger.power_cut": "If your neighbours have no power too, it is a power cut: ring {powerCut}. If it is only you, check the fuse box.",
  "emergency.logged":
    "We have logged this as an emergency, ref {ref}. We will get someone to you by {attendBy}. Text us anything else we should know.",
  "emergency.logged_ask_address":
    "We have logged this as an emergency, ref {ref}. We will get someone to you by {attendBy}. Please text your house number and postcode.",
  "emergency.safeguarding": "A person from our team will contact you as soon as they can. Ref {ref}. Reply MENU for other help.",
  "emergency.name": "an emergency",
  "emergency.more": "Text us anything else about ref {ref}. Reply MENU for other help.",
  "emergency.noted": "Thank you, we have added that to ref {ref}. Reply MENU for other help.",

  // The repair journey
  "repair.name": "a repair",
  "repair.danger.prompt": "Is there any danger now?",
  "repair.danger.reprompt": "Any danger? Reply 1 to 6.",
  "repair.danger.gas": "Smell of gas",
  "repair.danger.fire": "Fire or smoke",
  "repair.danger.flood": "Flood, or water near lights or sockets",
  "repair.danger.electric": "Sparks or burning smell",
  "repair.danger.insecure": "I cannot lock my home",
  "repair.danger.none": "No danger",

  "repair.what.prompt": "What needs fixing?",
  "repair.what.reprompt": "Which one? Reply 1 to 8.",
  "repair.what.heating": "Heating, hot water",
  "repair.what.leak": "A leak",
  "repair.what.toilet": "Toilet, drains",
  "repair.what.electrics": "Lights, power",
  "repair.what.damp": "Damp or mould",
  "repair.what.doors": "Doors, windows",
  "repair.what.kitchen_bathroom": "Kitchen, bathroom",
  "repair.what.other": "Something else",

  "repair.heating.prompt": "What is not working?",
  "repair.heating.reprompt": "Reply 1, 2, 3 or 4.",
  "repair.heating.none": "No heating and no hot water",
  "repair.heating.no_heating": "No heating",
  "repair.heating.no_hot_water": "No hot water",
  "repair.heating.partial": "Some of it works",

  "repair.leak.prompt": "Can you stop the water, or catch it in a bowl?",
  "repair.leak.reprompt": "Can you stop or catch the water? Reply 1 for yes or 2 for no.",
  "repair.leak.contained": "Yes",
  "repair.leak.uncontained": "No",

  "repair.toilet.prompt": "Is this the only toilet in your home?",
  "repair.toilet.reprompt": "Do you have another toilet that works? Reply 1 if this is the only one, 2 if not.",
  "repair.toilet.only_toilet": "Yes, the only one",
  "repair.toilet.other_toilet": "No, we have another",

  "repair.electrics.prompt": "Is all the power off in your home?",
  "repair.electrics.reprompt": "Is all your power off? Reply 1 for all off, 2 for some.",
  "repair.electrics.all_power": "Yes, all off",
  "repair.electrics.some_power": "No, only some",

  "repair.damp.prompt": "How big is the damp or mould?",
  "repair.damp.reprompt": "Reply 1 if it is small, 2 if big, or 3 if it is in more than one room.",
  "repair.damp.small": "Smaller than a sheet of paper",
  "repair.damp.large": "Bigger than that",
  "repair.damp.several_rooms": "In more than one room",

  "repair.doors.prompt": "Can you lock your front and back doors and windows?",
  "repair.doors.reprompt": "Can you lock your home? Reply 1 for yes or 2 for no.",
  "repair.doors.locks": "Yes",
  "repair.doors.cannot_lock": "No",

  "repair.where.prompt": "Where is the problem?",
  "repair.where.reprompt": "Where is it? Reply 1 to 8.",
  "repair.where.kitchen": "Kitchen",
  "repair.where.bathroom": "Bathroom or toilet",
  "repair.where.bedroom": "Bedroom",
  "repair.where.living_room": "Living room",
  "repair.where.hall_stairs": "Hall or stairs",
  "repair.where.outside": "Garden or outside",
  "repair.where.communal": "Shared area or lift",
  "repair.where.other": "Somewhere else",

  "repair.describe.prompt": "Tell us about the problem in a few words.",
  "repair.describe.reprompt": "Please tell us in a few words what is wrong. For example: tap drips all the time.",

  "repair.vulnerable.prompt":
    "Does anyone at home need extra care? Like a baby, someone over 65, or someone who is disabled or ill.",
  "repair.vulnerable.reprompt": "Is there a baby, an older person, or someone disabled or ill at home? Reply 1 or 2.",
  "repair.vulnerable_damp.prompt":
    "Is anyone at home ill from it, or a baby, pregnant, over 65, or with asthma or breathing problems?",
  "repair.vulnerable_damp.reprompt": "Could the damp harm anyone's health at home? Reply 1 for yes or 2 for no.",
  "repair.vulnerable.yes": "Yes",
  "repair.vulnerable.no": "No",

  "repair.access.prompt": "When can we get in to fix it?",
  "repair.access.reprompt": "When is someone at home? Reply with a number from 1 to 4.",
  "repair.access.any": "Any weekday",
  "repair.access.mornings": "Mornings, 8am to 12",
  "repair.access.afternoons": "Afternoons, 12 to 5pm",
  "repair.access.other": "I will tell you",
  "repair.access_other.prompt": "Tell us the days and times someone is at home.",
  "repair.access_other.reprompt": "Which days and times can we come? For example: Tuesday after 2pm.",

  "identity.postcode.prompt": "We do not know this number. What is your postcode?",
  "identity.postcode.reprompt": "Please send your postcode, like L4 0TH.",
  "identity.house.prompt": "What is your house or flat number?",
  "identity.house.reprompt": "Please send your house or flat number, like 12 or Flat 3.",
  "identity.found": "Thanks, we have found your home.",
  "identity.not_found": "We could not find that home. We will still take your report and check it.",

  "repair.confirm.prompt": "Please check:\n{summary}",
  "repair.confirm.reprompt": "Is this right? Reply 1 to send it or 2 to change it.",
  "repair.confirm.yes": "Yes, send it",
  "repair.confirm.change": "Change something",
  "repair.change.prompt": "What do you want to change?",
  "repair.change.reprompt": "Reply with a number from 1 to 4.",
  "repair.change.what": "The problem",
  "repair.change.where": "Where it is",
  "repair.change.describe": "What you told us",
  "repair.change.access": "When we can get in",

  "summary.problem": "Problem: {problem}",
  "summary.where": "Where: {where}",
  "summary.said": "You said: {said}",
  "summary.access": "We can come: {access}",
  "summary.leak.contained": "you can catch the water",
  "summary.leak.uncontained": "you cannot stop the water",
  "summary.doors.locks": "you can lock your home",
  "summary.doors.cannot_lock": "you cannot lock your home",

  // Where is my repair?
  "status.name": "a repair you told us about",
  "status.line": "{ref} {what}: {priority}, fix by {due}",
  "status.list": "Your open repairs:\n{list}\nReply MENU for more help.",
  "status.more": "and {count} more",
  "status.one": "{line}. We will text you to book a time. Reply MENU for more help.",
  "status.closed": "{line}. This repair is closed. Reply MENU to report a new one.",
  "status.none": "We cannot find an open repair for this number. Reply MENU to report one, or PERSON to talk to us.",
  "status.not_found": "We cannot find ref {ref} for this number.",

  "repair.done.emergency":
    "Thank you. Your ref is {ref}. It is an emergency: we will get someone to you by {attendBy}. Reply MENU for more help.",
  "repair.done.urgent": "Thank you. Your ref is {ref}. It is urgent: we will fix it by {dueBy}. We will text to book a time.",
  "repair.done.routine": "Thank you. Your ref is {ref}. We will fix it by {dueBy}. We will text you to book a time.",
  "repair.done.damp":
    "Thank you. Your ref is {ref}. We will look at the damp and mould by {inspectBy} and then tell you what we found.",
  "repair.done.assess":
    "Thank you. Your ref is {ref}. A person will call you within 24 hours to check it is safe, by {attendBy}.",
} as const;

export type ContentKey = keyof typeof en;
