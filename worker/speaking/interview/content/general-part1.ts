import type { Part1Set } from './types'

/** Part 1 sets for the General Training module: work, home and daily life. Original wording. */
export const GENERAL_PART1: readonly Part1Set[] = [
  {
    id: 'gt-p1-01',
    frames: [
      {
        topic: 'Your job',
        questions: [
          'What do you do for a living?',
          'What do you like about your job?',
          'How did you find your current job?',
        ],
      },
      {
        topic: 'Neighbours',
        questions: [
          'Do you know your neighbours well?',
          'How often do you talk to them?',
          'Have your neighbours ever helped you?',
          'What makes someone a good neighbour?',
        ],
      },
      {
        topic: 'Shopping',
        questions: [
          'Where do you usually buy your food?',
          'Do you enjoy shopping for clothes?',
          'Do you prefer shopping online or in shops?',
          'Do you ever buy things you do not need?',
        ],
      },
    ],
  },
  {
    id: 'gt-p1-02',
    frames: [
      {
        topic: 'Your home',
        questions: [
          'What kind of home do you live in?',
          'What do you like most about it?',
          'Is there anything you would like to change?',
        ],
      },
      {
        topic: 'Cooking',
        questions: [
          'Do you cook at home?',
          'Who taught you to cook?',
          'What is a dish you can make well?',
          'Do you prefer eating at home or in restaurants?',
        ],
      },
      {
        topic: 'Weekends',
        questions: [
          'What do you usually do at the weekend?',
          'Do you work at weekends?',
          'What did you do last weekend?',
          'Are weekends in your country different from when you were a child?',
        ],
      },
    ],
  },
  {
    id: 'gt-p1-03',
    frames: [
      {
        topic: 'Work or study',
        questions: [
          'Do you work or study?',
          'What time do you usually start in the morning?',
          'Would you like to change your job or course one day?',
        ],
      },
      {
        topic: 'Holidays',
        questions: [
          'Where did you go on your last holiday?',
          'Do you prefer holidays at the beach or in a city?',
          'Do you plan your holidays carefully?',
          'Who do you usually go on holiday with?',
        ],
      },
      {
        topic: 'Sleep',
        questions: [
          'How many hours do you usually sleep?',
          'Do you ever sleep during the day?',
          'What do you do when you cannot sleep?',
          'Did you sleep more when you were younger?',
        ],
      },
    ],
  },
  {
    id: 'gt-p1-04',
    frames: [
      {
        topic: 'Your home town',
        questions: [
          'Where did you grow up?',
          'What is the best thing about that place?',
          'How has it changed in recent years?',
        ],
      },
      {
        topic: 'Gifts',
        questions: [
          'Do you enjoy choosing presents for people?',
          'What was the last gift you received?',
          'Do you prefer giving money or a present?',
          'Are there any gifts that are not polite to give in your culture?',
        ],
      },
      {
        topic: 'Parks',
        questions: [
          'Is there a park near your home?',
          'What do people do in parks where you live?',
          'Did you play in parks as a child?',
          'Should cities have more green spaces?',
        ],
      },
    ],
  },
  {
    id: 'gt-p1-05',
    frames: [
      {
        topic: 'Your job',
        questions: [
          'How long have you worked there?',
          'Do you work with many other people?',
          'What would be your ideal job?',
        ],
      },
      {
        topic: 'Sport',
        questions: [
          'Do you play any sport?',
          'Which sport is most popular in your country?',
          'Do you prefer watching or playing sport?',
          'Did you do much sport at school?',
        ],
      },
      {
        topic: 'Phones',
        questions: [
          'How much time do you spend on your phone each day?',
          'What do you use your phone for most?',
          'Could you live without a mobile phone?',
          'At what age should children get their own phone?',
        ],
      },
    ],
  },
  {
    id: 'gt-p1-06',
    frames: [
      {
        topic: 'Where you live',
        questions: [
          'Do you live in a town or in the countryside?',
          'What facilities are there near your home?',
          'Would you like to move somewhere else?',
        ],
      },
      {
        topic: 'Celebrations',
        questions: [
          'What is the most important celebration in your country?',
          'How do you usually celebrate your birthday?',
          'Do you prefer big parties or small gatherings?',
          'Have celebrations changed since you were a child?',
        ],
      },
      {
        topic: 'Driving',
        questions: [
          'Can you drive?',
          'Is it easy to get a driving licence in your country?',
          'Do you enjoy long car journeys?',
          'Will people still drive cars in the future?',
        ],
      },
    ],
  },
  {
    id: 'gt-p1-07',
    frames: [
      {
        topic: 'Work or study',
        questions: [
          'What do you do during your lunch break?',
          'Do you get on well with your colleagues or classmates?',
          'What is the hardest part of your day?',
        ],
      },
      {
        topic: 'Pets',
        questions: [
          'Do you have a pet?',
          'What animals are popular as pets in your country?',
          'Did your family have pets when you were young?',
          'Is it a good idea for children to have pets?',
        ],
      },
      {
        topic: 'Clothes',
        questions: [
          'What kind of clothes do you usually wear?',
          'Do you wear different clothes at work and at home?',
          'Do you follow fashion?',
          'Do you ever give away clothes you do not wear?',
        ],
      },
    ],
  },
  {
    id: 'gt-p1-08',
    frames: [
      {
        topic: 'Your home town',
        questions: [
          'What kind of jobs do people do in your home town?',
          'Is it easy to get around there?',
          'What would you show a visitor there?',
        ],
      },
      {
        topic: 'Music',
        questions: [
          'What kind of music do you listen to?',
          'When do you usually listen to music?',
          'Can you play a musical instrument?',
          'Do you go to concerts?',
        ],
      },
      {
        topic: 'Saving money',
        questions: [
          'Do you find it easy to save money?',
          'What do you usually save for?',
          'Did your parents teach you about money?',
          'Do you keep track of what you spend?',
        ],
      },
    ],
  },
  {
    id: 'gt-p1-09',
    frames: [
      {
        topic: 'Your job',
        questions: [
          'Is your job similar to what you expected?',
          'Do you usually work alone or in a team?',
          'What training did you need for your job?',
        ],
      },
      {
        topic: 'Cafes',
        questions: [
          'Do you often go to cafes?',
          'What do you usually order?',
          'Do you ever work or study in a cafe?',
          'Are there more cafes in your city than before?',
        ],
      },
      {
        topic: 'Helping others',
        questions: [
          'Do you often help other people?',
          'When did someone last help you?',
          'Do you do any volunteer work?',
          'Should children be taught to help in the community?',
        ],
      },
    ],
  },
  {
    id: 'gt-p1-10',
    frames: [
      {
        topic: 'Where you live',
        questions: [
          'Is your area quiet or noisy?',
          'Do you have a garden or balcony?',
          'What do you do to relax at home?',
        ],
      },
      {
        topic: 'Television',
        questions: [
          'Do you watch much television?',
          'What programmes do you like?',
          'Do you watch programmes at the time they are shown or later?',
          'Did your parents limit your television time?',
        ],
      },
      {
        topic: 'Walking',
        questions: [
          'Do you walk much in your daily life?',
          'Where do you like to go for a walk?',
          'Do you prefer walking alone or with someone?',
          'Is your city a good place for walking?',
        ],
      },
    ],
  },
  {
    id: 'gt-p1-11',
    frames: [
      {
        topic: 'Work or study',
        questions: [
          'What do you wear to work or to class?',
          'How do you get there each day?',
          'What do you do after work or class?',
        ],
      },
      {
        topic: 'Family',
        questions: [
          'Do you have a large family?',
          'How often do you see your relatives?',
          'What do you enjoy doing with your family?',
          'Who are you closest to in your family?',
        ],
      },
      {
        topic: 'Photographs',
        questions: [
          'Do you like taking photographs?',
          'What do you usually take photos of?',
          'Do you keep printed photos at home?',
          'Do you like being in photographs?',
        ],
      },
    ],
  },
  {
    id: 'gt-p1-12',
    frames: [
      {
        topic: 'Your home town',
        questions: [
          'Is your home town a good place to raise children?',
          'What is the weather like there?',
          'Do you go back there often?',
        ],
      },
      {
        topic: 'Housework',
        questions: [
          'What housework do you do?',
          'Which household job do you dislike most?',
          'Did you help at home when you were a child?',
          'Should housework be shared equally?',
        ],
      },
      {
        topic: 'Being on time',
        questions: [
          'Do you arrive early for appointments?',
          'What do you do if you are going to be late?',
          'Is being late acceptable at work in your country?',
          'Do you get annoyed when people are late?',
        ],
      },
    ],
  },
]
