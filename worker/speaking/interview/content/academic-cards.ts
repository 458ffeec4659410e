import type { CueCard } from './types'

/** Part 2 cards and their Part 3 themes for the Academic module. Original wording. */
export const ACADEMIC_CARDS: readonly CueCard[] = [
  {
    id: 'ac-c-01',
    task: 'Describe a book that changed the way you think about something.',
    points: ['what the book was', 'when and why you read it', 'what it was about'],
    explain: 'and explain how it changed your thinking.',
    roundingOff: ['Would you recommend it to your friends?', 'Do you often read books like that?'],
    part3: [
      {
        theme: 'Reading habits',
        questions: [
          'Why do some people stop reading books as adults?',
          'How has the internet changed the way people read?',
          'Should governments do more to encourage reading?',
        ],
      },
      {
        theme: 'Books and ideas',
        questions: [
          'Can a book really change society?',
          'Why are some books banned in some places?',
          'Are non-fiction books more useful than novels?',
        ],
      },
    ],
  },
  {
    id: 'ac-c-02',
    task: 'Describe a lesson or lecture that you found especially useful.',
    points: ['what the subject was', 'who gave it', 'what you learned'],
    explain: 'and explain why it was so useful to you.',
    roundingOff: [
      'Do you still use what you learned?',
      'Did other people find it as useful as you did?',
    ],
    part3: [
      {
        theme: 'Ways of teaching',
        questions: [
          'Is a lecture a good way to teach large groups?',
          'How can teachers keep students interested?',
          'Will online courses replace classrooms?',
        ],
      },
      {
        theme: 'Useful knowledge',
        questions: [
          'What should every school leaver know?',
          'Are practical skills more valuable than theory?',
          'Who should decide what is taught in schools?',
        ],
      },
    ],
  },
  {
    id: 'ac-c-03',
    task: 'Describe a piece of technology that you rely on for your studies or work.',
    points: ['what it is', 'how long you have had it', 'how you use it'],
    explain: 'and explain what you would do without it.',
    roundingOff: [
      'Do many of your friends use the same thing?',
      'Would you like a newer version of it?',
    ],
    part3: [
      {
        theme: 'Technology in education',
        questions: [
          'Does technology make students lazier or more efficient?',
          'Should young children use tablets at school?',
          'What are the risks of relying on technology?',
        ],
      },
      {
        theme: 'Access to technology',
        questions: [
          'Is it fair that some students cannot afford new devices?',
          'How could access to technology be improved?',
          'Will technology ever reduce inequality?',
        ],
      },
    ],
  },
  {
    id: 'ac-c-04',
    task: 'Describe a scientific discovery or invention that interests you.',
    points: ['what it is', 'how you first heard about it', 'what it is used for'],
    explain: 'and explain why it interests you.',
    roundingOff: ['Do you enjoy reading about science?', 'Would you like to work in science?'],
    part3: [
      {
        theme: 'Science and the public',
        questions: [
          'Why do some people distrust scientists?',
          'How could science news be reported better?',
          'Should scientists explain their work to the public?',
        ],
      },
      {
        theme: 'Funding research',
        questions: [
          'Who should pay for scientific research?',
          'Should research always have a practical purpose?',
          'Is space exploration worth the money?',
        ],
      },
    ],
  },
  {
    id: 'ac-c-05',
    task: 'Describe a skill you learned from the internet.',
    points: ['what the skill is', 'how you learned it', 'how long it took'],
    explain: 'and explain whether it was easier than learning it another way.',
    roundingOff: ['Do you still practise that skill?', 'Have you taught it to anyone else?'],
    part3: [
      {
        theme: 'Learning online',
        questions: [
          'What are the advantages of learning from videos?',
          'How can people tell whether online information is reliable?',
          'Do people need teachers if everything is online?',
        ],
      },
      {
        theme: 'Lifelong learning',
        questions: [
          'Why do some adults go back to studying?',
          'Should employers pay for their staff to learn new skills?',
          'Is it harder to learn as you get older?',
        ],
      },
    ],
  },
  {
    id: 'ac-c-06',
    task: 'Describe a project you worked on as part of a team.',
    points: ['what the project was', 'who was in the team', 'what your role was'],
    explain: 'and explain how you felt about working in that team.',
    roundingOff: ['Was the project a success?', 'Would you work with the same people again?'],
    part3: [
      {
        theme: 'Teamwork',
        questions: [
          'What makes a team work well together?',
          'Should schools give more group assignments?',
          'How should disagreements in a team be handled?',
        ],
      },
      {
        theme: 'Leadership',
        questions: [
          'Are leaders born or made?',
          'What qualities does a good leader need?',
          'Is it better to have one leader or to share decisions?',
        ],
      },
    ],
  },
  {
    id: 'ac-c-07',
    task: 'Describe a museum or exhibition you visited.',
    points: ['where it was', 'when you went and who with', 'what you saw there'],
    explain: 'and explain what you remember most about it.',
    roundingOff: ['Would you go back there?', 'Do you often visit places like that?'],
    part3: [
      {
        theme: 'Museums today',
        questions: [
          'Why do fewer young people visit museums?',
          'Should museums return objects to their countries of origin?',
          'How can museums attract more visitors?',
        ],
      },
      {
        theme: 'Preserving the past',
        questions: [
          'Why is it important to keep old objects?',
          'Should old buildings be protected or replaced?',
          'How will people in the future learn about our time?',
        ],
      },
    ],
  },
  {
    id: 'ac-c-08',
    task: 'Describe a time when you had to explain something complicated to someone.',
    points: ['what you explained', 'who you explained it to', 'how you explained it'],
    explain: 'and explain whether the explanation was successful.',
    roundingOff: ['Are you good at explaining things?', 'Did that person thank you?'],
    part3: [
      {
        theme: 'Communication skills',
        questions: [
          'Why do experts sometimes find it hard to explain their work?',
          'Can communication skills be taught?',
          'Is it better to explain with pictures or with words?',
        ],
      },
      {
        theme: 'Communication at work',
        questions: [
          'How has technology changed communication at work?',
          'Do people have too many meetings?',
          'What problems can poor communication cause in a company?',
        ],
      },
    ],
  },
  {
    id: 'ac-c-09',
    task: 'Describe a teacher who inspired you.',
    points: ['who the teacher was', 'what subject they taught', 'what they were like'],
    explain: 'and explain why they inspired you.',
    roundingOff: [
      'Are you still in touch with this teacher?',
      'Did your classmates feel the same way?',
    ],
    part3: [
      {
        theme: 'The teaching profession',
        questions: [
          'Why do fewer people want to become teachers?',
          'Should teachers be paid more?',
          'What is the most important quality of a teacher?',
        ],
      },
      {
        theme: 'Students and motivation',
        questions: [
          'Why are some students more motivated than others?',
          'Are exams a good way to motivate students?',
          'What role should parents play in education?',
        ],
      },
    ],
  },
  {
    id: 'ac-c-10',
    task: 'Describe a discussion or debate you took part in.',
    points: ['what it was about', 'who took part', 'what opinions were expressed'],
    explain: 'and explain whether anyone changed their mind.',
    roundingOff: ['Do you enjoy debating?', 'Do you think you argued well?'],
    part3: [
      {
        theme: 'Disagreement',
        questions: [
          'Is it useful to argue with people who disagree with you?',
          'Why do discussions online often become angry?',
          'How can people disagree politely?',
        ],
      },
      {
        theme: 'Public debate',
        questions: [
          'Should young people take part in political discussion?',
          'Do television debates help voters?',
          'How important is freedom of speech?',
        ],
      },
    ],
  },
  {
    id: 'ac-c-11',
    task: 'Describe an environmental problem in the area where you live.',
    points: ['what the problem is', 'what causes it', 'who it affects'],
    explain: 'and explain what could be done about it.',
    roundingOff: [
      'Is the problem getting better or worse?',
      'Have you done anything about it yourself?',
    ],
    part3: [
      {
        theme: 'Individuals and the environment',
        questions: [
          'Can individuals really make a difference?',
          'Why do some people ignore environmental advice?',
          'Should environmental education start at primary school?',
        ],
      },
      {
        theme: 'Governments and business',
        questions: [
          'Should companies pay for the pollution they cause?',
          'Is economic growth more important than the environment?',
          'Do international agreements on the climate work?',
        ],
      },
    ],
  },
  {
    id: 'ac-c-12',
    task: 'Describe a historical place that you would like to visit.',
    points: ['where it is', 'what you know about it', 'how you learned about it'],
    explain: 'and explain why you would like to go there.',
    roundingOff: [
      'Would you go there alone or with others?',
      'Have you visited similar places before?',
    ],
    part3: [
      {
        theme: 'Tourism and history',
        questions: [
          'Does tourism damage historical sites?',
          'Should visitors pay more to enter famous sites?',
          'Are reconstructions of old places worth visiting?',
        ],
      },
      {
        theme: 'Learning history',
        questions: [
          'Is history taught well in schools today?',
          'Can films and games teach history accurately?',
          'What can we learn from the mistakes of the past?',
        ],
      },
    ],
  },
]
