import { essayTask, type WritingTask } from './types'

/** Academic Task 2: twelve original essay prompts of the standard types. */
export const ACADEMIC_TASK_2: readonly WritingTask[] = [
  essayTask('aw-t2-01', 'academic_writing', 'Free public transport', {
    essayType: 'opinion',
    topic:
      'Some city governments have made buses and trains free for everyone, paying for them entirely from taxes.',
    question: 'Is this the best way to reduce traffic in cities?',
  }),
  essayTask('aw-t2-02', 'academic_writing', 'Funding for space research', {
    essayType: 'discussion',
    topic:
      'Some people believe that money spent on space exploration would be better spent solving problems on Earth. Others think that space research brings benefits that justify its cost.',
    question: 'Which view do you find more convincing?',
  }),
  essayTask('aw-t2-03', 'academic_writing', 'Online degrees', {
    essayType: 'advantages_disadvantages',
    topic:
      'More and more universities now allow students to complete a whole degree online without ever attending the campus.',
    question: 'Do the advantages of this development outweigh the disadvantages?',
  }),
  essayTask('aw-t2-04', 'academic_writing', 'Childhood obesity', {
    essayType: 'problem_solution',
    topic:
      'In many countries the number of children who are seriously overweight has risen sharply.',
    question: 'What are the causes of this problem, and what can be done to solve it?',
  }),
  essayTask('aw-t2-05', 'academic_writing', 'Museums and tourists', {
    essayType: 'two_part',
    topic:
      'Museums in popular cities are often visited mostly by tourists rather than by local people.',
    question: 'Why is this the case? How could museums attract more local visitors?',
  }),
  essayTask('aw-t2-06', 'academic_writing', 'Artificial intelligence at work', {
    essayType: 'opinion',
    topic:
      'Computer programs that can write reports, answer customer questions and analyse data are becoming common in offices.',
    question: 'Will these programs create more problems for workers than they solve?',
  }),
  essayTask('aw-t2-07', 'academic_writing', 'Learning history at school', {
    essayType: 'discussion',
    topic:
      'Some educators argue that schools should teach the history of the whole world. Others believe that pupils should mainly study the history of their own country.',
    question: 'Consider both opinions and decide which you share.',
  }),
  essayTask('aw-t2-08', 'academic_writing', 'Older workers', {
    essayType: 'advantages_disadvantages',
    topic:
      'In several countries, people are now expected to keep working until the age of seventy.',
    question: 'Is this a positive or a negative development for society as a whole?',
  }),
  essayTask('aw-t2-09', 'academic_writing', 'Food waste', {
    essayType: 'problem_solution',
    topic:
      'A large share of the food produced around the world is thrown away before anyone eats it.',
    question: 'Why does this happen, and what measures could reduce it?',
  }),
  essayTask('aw-t2-10', 'academic_writing', 'Protecting endangered languages', {
    essayType: 'opinion',
    topic:
      'Hundreds of the world’s languages have only a few elderly speakers left, and some people say that spending public money to keep them alive is pointless.',
    question: 'How far do you accept this argument?',
  }),
  essayTask('aw-t2-11', 'academic_writing', 'Advertising aimed at children', {
    essayType: 'opinion',
    topic: 'Advertisements aimed at children under twelve should be banned completely.',
    question: 'Do you support such a ban?',
  }),
  essayTask('aw-t2-12', 'academic_writing', 'Living in megacities', {
    essayType: 'two_part',
    topic:
      'The number of cities with more than ten million inhabitants has grown rapidly in recent decades.',
    question:
      'What problems does living in such large cities cause? Do you think these cities will keep growing?',
  }),
]
