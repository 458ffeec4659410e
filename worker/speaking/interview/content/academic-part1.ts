import type { Part1Set } from './types'

/** Part 1 sets for the Academic module: studies, ideas and everyday life. Original wording. */
export const ACADEMIC_PART1: readonly Part1Set[] = [
  {
    id: 'ac-p1-01',
    frames: [
      {
        topic: 'Your studies',
        questions: [
          'What subject are you studying at the moment?',
          'Why did you choose that subject?',
          'What do you find most difficult about it?',
        ],
      },
      {
        topic: 'Libraries',
        questions: [
          'How often do you go to a library?',
          'What do you usually do there?',
          'Did you use libraries when you were a child?',
          'Do you think libraries will still be important in the future?',
        ],
      },
      {
        topic: 'Note-taking',
        questions: [
          'Do you prefer taking notes by hand or on a device?',
          'How do you organise your notes?',
          'Have you ever lost important notes?',
          'Did anyone teach you how to take notes?',
        ],
      },
    ],
  },
  {
    id: 'ac-p1-02',
    frames: [
      {
        topic: 'Your home town',
        questions: [
          'Where is your home town?',
          'What is it best known for?',
          'Has it changed much since you were young?',
        ],
      },
      {
        topic: 'Museums',
        questions: [
          'Do you enjoy visiting museums?',
          'What kind of museum do you find most interesting?',
          'Did your school take you to museums?',
          'Should museums be free to enter?',
        ],
      },
      {
        topic: 'Mornings',
        questions: [
          'Are you a morning person?',
          'What is the first thing you do after you wake up?',
          'Do you study better in the morning or in the evening?',
          'Has your morning routine changed in recent years?',
        ],
      },
    ],
  },
  {
    id: 'ac-p1-03',
    frames: [
      {
        topic: 'Work or study',
        questions: [
          'Do you work or are you a student?',
          'What does a typical day look like for you?',
          'What would you like to do in the next few years?',
        ],
      },
      {
        topic: 'Reading',
        questions: [
          'What kinds of things do you like to read?',
          'Do you read more now than you did as a child?',
          'Do you prefer printed books or e-books?',
          'Is there a book you have read more than once?',
        ],
      },
      {
        topic: 'Maps',
        questions: [
          'Do you find it easy to read a map?',
          'When did you last use a paper map?',
          'Do you rely on the map on your phone?',
          'Were maps used in your geography lessons?',
        ],
      },
    ],
  },
  {
    id: 'ac-p1-04',
    frames: [
      {
        topic: 'Where you live',
        questions: [
          'Do you live in a house or a flat?',
          'Which room do you spend the most time in?',
          'What would you change about your home?',
        ],
      },
      {
        topic: 'Science at school',
        questions: [
          'Did you enjoy science lessons at school?',
          'Which science subject did you like most?',
          'Do you remember doing an experiment?',
          'Do you follow any science news today?',
        ],
      },
      {
        topic: 'Handwriting',
        questions: [
          'Do you still write much by hand?',
          'Is your handwriting easy to read?',
          'How did you learn to write at school?',
          'Will children need to learn handwriting in the future?',
        ],
      },
    ],
  },
  {
    id: 'ac-p1-05',
    frames: [
      {
        topic: 'Your studies',
        questions: [
          'Where do you study?',
          'Do you prefer to study alone or with other people?',
          'What do you plan to do after your course?',
        ],
      },
      {
        topic: 'Languages',
        questions: [
          'How many languages can you speak?',
          'What made you start learning English?',
          'Is there another language you would like to learn?',
          'What is the hardest part of learning a new language?',
        ],
      },
      {
        topic: 'Timekeeping',
        questions: [
          'Are you usually on time?',
          'How do you feel when other people are late?',
          'Do you wear a watch?',
          'Is being punctual important in your culture?',
        ],
      },
    ],
  },
  {
    id: 'ac-p1-06',
    frames: [
      {
        topic: 'Your home town',
        questions: [
          'What do you like most about your home town?',
          'Is it a good place for young people?',
          'Would you like to live there in the future?',
        ],
      },
      {
        topic: 'Computers',
        questions: [
          'What do you mostly use a computer for?',
          'When did you first use a computer?',
          'Could you manage for a week without one?',
          'Do you think schools should teach programming?',
        ],
      },
      {
        topic: 'Weather',
        questions: [
          'What is the weather usually like where you live?',
          'What is your favourite kind of weather?',
          'Does the weather affect how much you study?',
          'Do you check the forecast every day?',
        ],
      },
    ],
  },
  {
    id: 'ac-p1-07',
    frames: [
      {
        topic: 'Work or study',
        questions: [
          'What do you enjoy most about your work or studies?',
          'Is there anything you would like to change about it?',
          'How do you usually travel there?',
        ],
      },
      {
        topic: 'Numbers',
        questions: [
          'Were you good at mathematics at school?',
          'Do you use maths in your daily life?',
          'Is there a number you think is lucky?',
          'Do you find it easy to remember numbers?',
        ],
      },
      {
        topic: 'Newspapers and news',
        questions: [
          'How do you usually find out about the news?',
          'Do people in your country still buy newspapers?',
          'What kind of news stories interest you?',
          'Do you ever discuss the news with friends?',
        ],
      },
    ],
  },
  {
    id: 'ac-p1-08',
    frames: [
      {
        topic: 'Where you live',
        questions: [
          'How long have you lived in your current home?',
          'What is the area around your home like?',
          'Is there anything you would like to add to your neighbourhood?',
        ],
      },
      {
        topic: 'Art',
        questions: [
          'Did you do much art at school?',
          'Have you ever been to an art gallery?',
          'What kind of pictures do you like to have at home?',
          'Do you think art should be a compulsory school subject?',
        ],
      },
      {
        topic: 'Concentration',
        questions: [
          'What helps you to concentrate?',
          'What distracts you most when you are studying?',
          'Is it harder to concentrate now than when you were younger?',
          'Do you take breaks when you study?',
        ],
      },
    ],
  },
  {
    id: 'ac-p1-09',
    frames: [
      {
        topic: 'Your studies',
        questions: [
          'What is your favourite part of your course?',
          'Do you think your subject will be useful in the future?',
          'How much time do you spend studying each week?',
        ],
      },
      {
        topic: 'Public transport',
        questions: [
          'How do you usually get around your city?',
          'Is public transport good where you live?',
          'Do you read or study while you travel?',
          'How could public transport be improved in your area?',
        ],
      },
      {
        topic: 'Dictionaries',
        questions: [
          'Do you use a dictionary often?',
          'Do you prefer paper dictionaries or online ones?',
          'When did you first use a dictionary?',
          'Is it better to guess the meaning of a new word or look it up?',
        ],
      },
    ],
  },
  {
    id: 'ac-p1-10',
    frames: [
      {
        topic: 'Your home town',
        questions: [
          'Is your home town a big place or a small one?',
          'What do visitors usually do there?',
          'What is the best time of year to visit it?',
        ],
      },
      {
        topic: 'Puzzles',
        questions: [
          'Do you enjoy doing puzzles?',
          'What kind of puzzles did you do as a child?',
          'Do you prefer puzzles on paper or on a screen?',
          'Do you think puzzles help people think better?',
        ],
      },
      {
        topic: 'Teachers',
        questions: [
          'Do you remember your first teacher?',
          'What makes a teacher easy to learn from?',
          'Would you like to be a teacher?',
          'Are teachers respected in your country?',
        ],
      },
    ],
  },
  {
    id: 'ac-p1-11',
    frames: [
      {
        topic: 'Work or study',
        questions: [
          'Why did you choose your job or course?',
          'Do you usually work or study at the same time each day?',
          'What skills have you developed recently?',
        ],
      },
      {
        topic: 'The sky and stars',
        questions: [
          'Can you see the stars clearly where you live?',
          'Have you ever looked through a telescope?',
          'Did you learn about the planets at school?',
          'Would you like to travel into space?',
        ],
      },
      {
        topic: 'Emails',
        questions: [
          'How many emails do you write in a week?',
          'Do you write emails differently to friends and to teachers?',
          'Do you reply to emails quickly?',
          'Will email still be used in ten years?',
        ],
      },
    ],
  },
  {
    id: 'ac-p1-12',
    frames: [
      {
        topic: 'Where you live',
        questions: [
          'Who do you live with?',
          'Is your home a good place to study?',
          'Would you prefer to live in the city centre or the suburbs?',
        ],
      },
      {
        topic: 'History',
        questions: [
          'Did you enjoy history lessons at school?',
          'Which period of history interests you most?',
          'Do you like watching films about history?',
          'Why do you think people study history?',
        ],
      },
      {
        topic: 'Plans and lists',
        questions: [
          'Do you make lists of things to do?',
          'Do you plan your week in advance?',
          'Do you use an app or paper for your plans?',
          'What happens when your plans go wrong?',
        ],
      },
    ],
  },
]
