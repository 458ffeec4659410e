import { essayTask, type WritingTask } from './types'

/** General Training Task 2: twelve original essay prompts on everyday topics. */
export const GENERAL_TASK_2: readonly WritingTask[] = [
  essayTask('gw-t2-01', 'general_writing', 'Working from home', {
    essayType: 'advantages_disadvantages',
    topic: 'Many employees now work from home for most of the week instead of going to an office.',
    question: 'Do the advantages of this change outweigh the disadvantages?',
  }),
  essayTask('gw-t2-02', 'general_writing', 'Pocket money', {
    essayType: 'discussion',
    topic:
      'Some parents give their children a fixed amount of money every week. Others believe children should earn money by doing jobs around the house.',
    question: 'Which approach teaches children more about money?',
  }),
  essayTask('gw-t2-03', 'general_writing', 'Loneliness in old age', {
    essayType: 'problem_solution',
    topic: 'In many communities, older people who live alone feel increasingly isolated.',
    question: 'Why is this happening, and how could families and neighbours help?',
  }),
  essayTask('gw-t2-04', 'general_writing', 'Mobile phones in schools', {
    essayType: 'opinion',
    topic: 'Pupils should not be allowed to bring mobile phones into school at all.',
    question: 'Do you agree with this rule?',
  }),
  essayTask('gw-t2-05', 'general_writing', 'Choosing a job', {
    essayType: 'two_part',
    topic:
      'When people choose a job, some care most about the salary while others care most about enjoying the work.',
    question: 'Why do people make such different choices? Which matters more to you?',
  }),
  essayTask('gw-t2-06', 'general_writing', 'Cooking at home', {
    essayType: 'problem_solution',
    topic: 'Fewer and fewer young adults know how to cook simple meals for themselves.',
    question: 'What has caused this, and what could be done about it?',
  }),
  essayTask('gw-t2-07', 'general_writing', 'Shopping online', {
    essayType: 'advantages_disadvantages',
    topic: 'Today people can buy almost everything online and have it delivered to their door.',
    question: 'Is this a good thing for shoppers and for local communities?',
  }),
  essayTask('gw-t2-08', 'general_writing', 'Volunteering', {
    essayType: 'opinion',
    topic: 'Every adult should spend a few hours each month doing unpaid work in their community.',
    question: 'To what degree do you support this idea?',
  }),
  essayTask('gw-t2-09', 'general_writing', 'Holidays at home or abroad', {
    essayType: 'discussion',
    topic:
      'Some people prefer to spend their holidays in their own country. Others always travel abroad.',
    question: 'Discuss the reasons for each preference.',
  }),
  essayTask('gw-t2-10', 'general_writing', 'Noise in towns', {
    essayType: 'problem_solution',
    topic:
      'Noise from traffic, building work and neighbours is a growing complaint in towns and cities.',
    question: 'What are the main sources of this problem, and how can it be reduced?',
  }),
  essayTask('gw-t2-11', 'general_writing', 'Sport on television', {
    essayType: 'two_part',
    topic:
      'Millions of people watch sport on television but never take part in any sport themselves.',
    question: 'Why is this? Should people be encouraged to play sport rather than watch it?',
  }),
  essayTask('gw-t2-12', 'general_writing', 'Moving to a new country', {
    essayType: 'opinion',
    topic:
      'People who move to another country should adopt the customs of their new home rather than keep their own.',
    question: 'Do you agree or disagree?',
  }),
]
