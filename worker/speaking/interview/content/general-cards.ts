import type { CueCard } from './types'

/** Part 2 cards and their Part 3 themes for the General Training module. Original wording. */
export const GENERAL_CARDS: readonly CueCard[] = [
  {
    id: 'gt-c-01',
    task: 'Describe a neighbour who has helped you.',
    points: ['who the neighbour is', 'how long you have known them', 'what they did to help'],
    explain: 'and explain how you felt about their help.',
    roundingOff: ['Have you helped this neighbour in return?', 'Do you still live near them?'],
    part3: [
      {
        theme: 'Communities',
        questions: [
          'Why do people know their neighbours less than in the past?',
          'What can be done to build stronger communities?',
          'Are communities in cities different from those in villages?',
        ],
      },
      {
        theme: 'Helping strangers',
        questions: [
          'Why are some people reluctant to help strangers?',
          'Should helping others be taught at school?',
          'Does technology make it easier to help people?',
        ],
      },
    ],
  },
  {
    id: 'gt-c-02',
    task: 'Describe a journey that took longer than you expected.',
    points: ['where you were going', 'how you travelled', 'what caused the delay'],
    explain: 'and explain how you felt during the journey.',
    roundingOff: ['Do you often travel that way?', 'Did you arrive in time in the end?'],
    part3: [
      {
        theme: 'Transport',
        questions: [
          'How could traffic problems in cities be reduced?',
          'Should public transport be free?',
          'Will people travel less in the future?',
        ],
      },
      {
        theme: 'Commuting',
        questions: [
          'Why do people accept long journeys to work?',
          'Should more people work from home?',
          'How does commuting affect family life?',
        ],
      },
    ],
  },
  {
    id: 'gt-c-03',
    task: 'Describe a present you gave to someone that they really liked.',
    points: ['what the present was', 'who you gave it to', 'why you chose it'],
    explain: 'and explain why they liked it so much.',
    roundingOff: ['Do you enjoy choosing presents?', 'Was it expensive?'],
    part3: [
      {
        theme: 'Giving gifts',
        questions: [
          'Why do people give gifts?',
          'Are handmade presents better than bought ones?',
          'Do people spend too much money on presents?',
        ],
      },
      {
        theme: 'Advertising and buying',
        questions: [
          'How does advertising influence what people buy?',
          'Should advertising aimed at children be limited?',
          'Why do people buy things they do not need?',
        ],
      },
    ],
  },
  {
    id: 'gt-c-04',
    task: 'Describe a local shop or market that you like.',
    points: ['where it is', 'what it sells', 'how often you go there'],
    explain: 'and explain why you like it.',
    roundingOff: ['Is it usually busy?', 'Would you recommend it to visitors?'],
    part3: [
      {
        theme: 'Small businesses',
        questions: [
          'Why do small shops close when large supermarkets open?',
          'Should governments support local businesses?',
          'What do small shops offer that big ones do not?',
        ],
      },
      {
        theme: 'Shopping habits',
        questions: [
          'How has online shopping changed town centres?',
          'Do people shop differently from their parents?',
          'Is shopping a hobby for some people?',
        ],
      },
    ],
  },
  {
    id: 'gt-c-05',
    task: 'Describe a meal you cooked for other people.',
    points: ['what you cooked', 'who you cooked it for', 'how you prepared it'],
    explain: 'and explain how the meal went.',
    roundingOff: ['Do you often cook for others?', 'Would you cook the same meal again?'],
    part3: [
      {
        theme: 'Food and families',
        questions: [
          'Do families eat together less than before?',
          'Why is home cooking less common in some countries?',
          'Should children learn to cook at school?',
        ],
      },
      {
        theme: 'Eating out',
        questions: [
          'Why do people eat in restaurants?',
          'Is fast food a problem for society?',
          'How has food from other countries changed what people eat?',
        ],
      },
    ],
  },
  {
    id: 'gt-c-06',
    task: 'Describe a job you would like to try.',
    points: ['what the job is', 'what it involves', 'what skills it needs'],
    explain: 'and explain why you would like to try it.',
    roundingOff: ['Do you know anyone who does this job?', 'Is it well paid?'],
    part3: [
      {
        theme: 'Choosing careers',
        questions: [
          'What should young people consider when choosing a career?',
          'Is job satisfaction more important than salary?',
          "Should parents influence their children's careers?",
        ],
      },
      {
        theme: 'The future of work',
        questions: [
          'Which jobs might disappear in the future?',
          'Will machines take over most jobs?',
          'Is it good to change careers several times?',
        ],
      },
    ],
  },
  {
    id: 'gt-c-07',
    task: 'Describe a time when you had to wait a long time for something.',
    points: ['what you were waiting for', 'where you were', 'how long you waited'],
    explain: 'and explain how you dealt with the wait.',
    roundingOff: ['Are you usually a patient person?', 'Was it worth the wait?'],
    part3: [
      {
        theme: 'Patience',
        questions: [
          'Are people less patient than in the past?',
          'Can patience be learned?',
          'In which jobs is patience most important?',
        ],
      },
      {
        theme: 'Services and queues',
        questions: [
          'How could waiting times in public services be reduced?',
          'Is it fair that people can pay to skip queues?',
          'Has technology reduced the time people spend waiting?',
        ],
      },
    ],
  },
  {
    id: 'gt-c-08',
    task: 'Describe a family celebration you enjoyed.',
    points: ['what the celebration was', 'where it took place', 'who was there'],
    explain: 'and explain why you enjoyed it.',
    roundingOff: ['Did you help to organise it?', 'Do you have many celebrations like that?'],
    part3: [
      {
        theme: 'Traditions',
        questions: [
          'Why are traditional celebrations important?',
          'Are young people losing interest in traditions?',
          'Should traditions change over time?',
        ],
      },
      {
        theme: 'Celebrations and money',
        questions: [
          'Do people spend too much on weddings and parties?',
          'Have celebrations become too commercial?',
          'Is it better to celebrate at home or in a venue?',
        ],
      },
    ],
  },
  {
    id: 'gt-c-09',
    task: 'Describe a piece of advice that you received and followed.',
    points: ['who gave you the advice', 'what the advice was', 'when you received it'],
    explain: 'and explain why you followed it.',
    roundingOff: ['Do you often ask others for advice?', 'Have you passed this advice on?'],
    part3: [
      {
        theme: 'Giving advice',
        questions: [
          'Who do young people usually ask for advice?',
          'Is advice from older people always useful?',
          'Why do people sometimes ignore good advice?',
        ],
      },
      {
        theme: 'Professional advice',
        questions: [
          'When should people pay for professional advice?',
          'Can you trust advice you find online?',
          'Should financial advice be taught at school?',
        ],
      },
    ],
  },
  {
    id: 'gt-c-10',
    task: 'Describe a park or garden that you enjoy visiting.',
    points: ['where it is', 'what it looks like', 'what you do there'],
    explain: 'and explain why you enjoy going there.',
    roundingOff: ['Do you go there in every season?', 'Is it crowded at weekends?'],
    part3: [
      {
        theme: 'Green spaces',
        questions: [
          'Why are parks important in cities?',
          'Should new housing developments include parks?',
          'Who should pay to maintain public gardens?',
        ],
      },
      {
        theme: 'Leisure and health',
        questions: [
          'Do people spend enough time outdoors?',
          'How can people be encouraged to exercise more?',
          'Is modern life bad for our health?',
        ],
      },
    ],
  },
  {
    id: 'gt-c-11',
    task: 'Describe a time when you had to change your plans.',
    points: ['what you had planned', 'why you had to change it', 'what you did instead'],
    explain: 'and explain how you felt about the change.',
    roundingOff: ['Do you usually make detailed plans?', 'Did the change turn out well?'],
    part3: [
      {
        theme: 'Planning',
        questions: [
          'Is it better to plan carefully or to be spontaneous?',
          'Why do some people find it hard to plan ahead?',
          'How far ahead should people plan their careers?',
        ],
      },
      {
        theme: 'Dealing with change',
        questions: [
          'Why do some people dislike change?',
          'How do companies help employees deal with change?',
          'Are young people better at adapting than older people?',
        ],
      },
    ],
  },
  {
    id: 'gt-c-12',
    task: 'Describe an app or website that makes your daily life easier.',
    points: ['what it is', 'how you found it', 'what you use it for'],
    explain: 'and explain how it makes your life easier.',
    roundingOff: ['Do you pay to use it?', 'Have you recommended it to others?'],
    part3: [
      {
        theme: 'Technology at home',
        questions: [
          'Has technology given people more free time?',
          'Do older people find new technology difficult?',
          'Are people too dependent on their phones?',
        ],
      },
      {
        theme: 'Privacy',
        questions: [
          'Do people share too much information online?',
          'Should companies be allowed to sell personal data?',
          'How can people protect their privacy online?',
        ],
      },
    ],
  },
]
