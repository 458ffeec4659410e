import { letterTask, type WritingTask } from './types'

/** General Training Task 1: twelve original letter prompts with three points and a tone. */
export const GENERAL_TASK_1: readonly WritingTask[] = [
  letterTask('gw-t1-01', 'Problems at your gym', 'to the manager of your gym', {
    situation:
      'You joined a local gym three months ago, but several machines have been out of order for weeks and you were charged twice last month.',
    bullets: [
      'describe the problems with the equipment',
      'explain what happened with the payment',
      'say what you would like the manager to do',
    ],
    tone: 'formal',
    salutation: 'Dear Sir or Madam,',
  }),
  letterTask('gw-t1-02', 'A weekend invitation', 'to an old friend', {
    situation:
      'You have moved to a town by the sea and would like an old friend to visit you for a weekend.',
    bullets: [
      'tell your friend about your new home',
      'suggest what you could do together',
      'explain how to get there',
    ],
    tone: 'informal',
    salutation: 'Dear …,',
  }),
  letterTask('gw-t1-03', 'Heating that does not work', 'to your landlord', {
    situation:
      'The heating in the flat you rent has stopped working, and it is the middle of winter.',
    bullets: [
      'explain what is wrong with the heating',
      'describe how this is affecting you',
      'say what you want your landlord to do and by when',
    ],
    tone: 'formal',
    salutation: 'Dear Mr Patel,',
  }),
  letterTask('gw-t1-04', 'Asking for a reference', 'to a former teacher', {
    situation:
      'You are applying for a place on a course abroad and need a reference from a teacher who taught you some years ago.',
    bullets: [
      'remind the teacher who you are',
      'describe the course you are applying for',
      'explain what you would like the teacher to write and when you need it',
    ],
    tone: 'semi-formal',
    salutation: 'Dear Ms Okafor,',
  }),
  letterTask('gw-t1-05', 'Noisy building work', 'to your neighbour', {
    situation:
      'Your neighbour is renovating their house, and the work starts very early every morning.',
    bullets: [
      'introduce yourself and explain the problem',
      'describe how the noise affects your household',
      'suggest a solution that would suit you both',
    ],
    tone: 'semi-formal',
    salutation: 'Dear Mr and Mrs Lindqvist,',
  }),
  letterTask('gw-t1-06', 'Lost luggage', 'to an airline', {
    situation:
      'Your suitcase did not arrive at the end of a recent flight, and it has still not been returned to you.',
    bullets: [
      'give the details of your flight',
      'describe the suitcase and what was inside it',
      'explain what problems this has caused and what you expect the airline to do',
    ],
    tone: 'formal',
    salutation: 'Dear Sir or Madam,',
  }),
  letterTask('gw-t1-07', 'A missed birthday', 'to a friend', {
    situation: 'You were unable to go to a close friend’s birthday party last weekend.',
    bullets: [
      'apologise and explain why you could not go',
      'ask about the party',
      'suggest a way to celebrate together soon',
    ],
    tone: 'informal',
    salutation: 'Dear …,',
  }),
  letterTask('gw-t1-08', 'Improving a local park', 'to your local council', {
    situation: 'The park near your home is popular but poorly looked after.',
    bullets: [
      'describe the park and who uses it',
      'explain what the problems are',
      'suggest improvements the council could make',
    ],
    tone: 'formal',
    salutation: 'Dear Sir or Madam,',
  }),
  letterTask('gw-t1-09', 'Time off for a course', 'to your manager', {
    situation:
      'You would like to take a short training course that takes place during working hours.',
    bullets: [
      'describe the course',
      'explain how it would help you in your job',
      'suggest how your work could be covered while you are away',
    ],
    tone: 'semi-formal',
    salutation: 'Dear Ms Romero,',
  }),
  letterTask('gw-t1-10', 'After a hotel stay', 'to the manager of a hotel', {
    situation:
      'You recently stayed at a hotel for a family celebration. Most things went well, but there was one problem.',
    bullets: [
      'say why you stayed at the hotel',
      'describe what you particularly liked',
      'explain the problem and suggest how the hotel could avoid it in future',
    ],
    tone: 'formal',
    salutation: 'Dear Sir or Madam,',
  }),
  letterTask('gw-t1-11', 'Advice for a friend moving to your city', 'to a friend', {
    situation: 'A friend has just found a job in your city and will move there next month.',
    bullets: [
      'say how you feel about the news',
      'give advice about where to live',
      'recommend things to do in the first few weeks',
    ],
    tone: 'informal',
    salutation: 'Dear …,',
  }),
  letterTask('gw-t1-12', 'Asking about language courses', 'to a language school', {
    situation:
      'You want to improve your English before starting a new job and have seen an advertisement for a language school.',
    bullets: [
      'explain why you want to take a course',
      'describe your current level and when you are free',
      'ask for information about prices and class sizes',
    ],
    tone: 'formal',
    salutation: 'Dear Sir or Madam,',
  }),
]
