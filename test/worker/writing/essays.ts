/** Answers used by the writing and emulator tests (written for these tests). */

/** Task aw-t2-01 (free public transport): about 290 words, five paragraphs, two slips. */
export const GOOD_ESSAY = `In recent years, several cities have decided to make buses and trains free for everyone and to pay for them through taxes. Although this policy is attractive, I believe it is only a partial answer to traffic congestion.

On the one hand, free public transport removes a real barrier. Many commuters drive because a monthly ticket is a expensive item in a family budget, and when the fare disappears some of them leave their cars at home. For example, several European towns reported more passengers within a year of abolishing fares. Moreover, buses that do not need ticket checks board faster, which makes journeys shorter and more reliable.

On the other hand, price is rarely the main reason why people choose to drive. Commuters care about how long the journey takes, how often services run and whether they can reach their workplace without changing three times. If the network is slow or overcrowded, a free ticket will not persuade them. In addition, the goverment would lose fare income that could have paid for new lines, so the service might even get worse.

Therefore, I think a better approach combines several measures. Cities should invest in frequent and fast routes, give buses their own lanes and charge drivers for entering the centre at peak times. Fares could be reduced for students and people on low incomes instead of being removed for everybody, because this targets help where it matters.

In conclusion, free public transport can encourage some people to leave their cars, but on its own it is unlikely to solve the problem of traffic. A faster and more reliable network, together with charges that reflect the real cost of driving, would have a much greater effect.`

/** About 110 words: under the Task 2 minimum (250) and under half of it. */
export const SHORT_ESSAY = `Free buses and trains are a good idea for many cities, but they do not solve every problem. When transport is free, poorer families can travel to work and school without worrying about money, and some drivers may leave their cars at home. However, many people drive because the bus is slow or does not go where they need. For this reason, cities must also make services faster and more frequent. In my opinion, free transport helps a little, but better routes and charges for driving in the centre are more important. Governments should therefore spend money carefully and think about what really changes how people travel every day in busy modern cities.`

/** Twelve words: the 20-word rule. */
export const TWELVE_WORDS =
  'Free transport is good because people will use buses more and drive less.'

/** A French answer of about 80 words. */
export const FRENCH_ESSAY = `Les villes qui rendent les bus et les trains gratuits espèrent réduire la circulation. À mon avis, cette politique est utile mais elle ne suffit pas. Les habitants choisissent la voiture parce que les transports publics sont lents et peu fréquents. Il faut donc investir dans de nouvelles lignes, créer des voies réservées aux bus et faire payer les automobilistes qui entrent dans le centre aux heures de pointe. Sans ces mesures, la gratuité ne changera pas beaucoup les habitudes des gens.`
