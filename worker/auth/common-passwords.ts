/**
 * Common passwords that meet the length rule (8+ characters), lower-cased: the heads of
 * the public breach-derived lists (rockyou, the NCSC top 100k, SecLists' most-common),
 * their usual variants (digits and years appended, keyboard walks, leetspeak) and a few
 * words from our own domain. Registration refuses any of them, case-insensitively
 * (NIST SP 800-63B 3.1.1.2: compare against passwords known from breaches).
 */
const LIST = `password 12345678 123456789 1234567890 qwertyuiop iloveyou sunshine princess football baseball
welcome1 password1 password123 12345678910 1q2w3e4r 1q2w3e4r5t 1q2w3e4r5t6y qwerty123 qwerty12
qwerty1234 zaq12wsx 1qaz2wsx qazwsxedc qazwsx123 !qaz2wsx 1qazxsw2 asdfghjkl asdfghjk zxcvbnm1
zxcvbnm123 qwertyui qwerty123456 trustno1 superman batman123 michael1 jennifer jordan23 starwars
whatever1 computer internet corvette mercedes ferrari1 liverpool chelsea1 arsenal1 manchester
barcelona juventus realmadrid passw0rd p@ssw0rd p@ssword pa55word pa$$word passwort motdepasse
contraseña senha123 welcome123 letmein1 letmein123 changeme changeme1 default1 administrator
admin123 admin1234 adminadmin rootroot toortoor passpass testtest test1234 test12345 guest123
11111111 111111111 1111111111 00000000 000000000 0000000000 22222222 33333333 44444444 55555555
66666666 77777777 88888888 99999999 12121212 123123123 123321123 12344321 87654321 987654321
9876543210 0987654321 11223344 12341234 12345679 123456789a 123456789q 1234567a 1234567q
a1234567 a12345678 abc12345 abcd1234 abcdefgh abcdefg1 abc123456 aa123456 qq123456 q1w2e3r4
q1w2e3r4t5 1a2b3c4d a1b2c3d4 aaaaaaaa iloveyou1 iloveyou2 iloveyou! ilovegod ilovejesus iloveme1
lovelove loveyou1 lovers12 sunshine1 princess1 football1 baseball1 basketball soccer12 hockey12
jesus123 michelle jessica1 ashley12 nicole12 daniel12 andrew12 thomas12 joshua12 matthew1
jonathan christian michael123 charlie1 anthony1 william1 samantha elizabeth alexander victoria1
jennifer1 stephanie veronica patricia danielle courtney chocolate butterfly strawberry blink182
pokemon1 naruto123 spiderman dragonball master12 mustang1 maverick shadow12 killer12 hunter12
ranger12 buster12 monkey12 dragon12 freedom1 whatever qwerty11 cookie12 summer12 winter12
spring12 autumn12 summer2020 summer2021 summer2022 summer2023 summer2024 summer2025 winter2020
winter2021 winter2022 winter2023 winter2024 winter2025 spring2024 autumn2024 password2020
password2021 password2022 password2023 password2024 password2025 welcome2020 welcome2021
welcome2022 welcome2023 welcome2024 welcome2025 january1 february march123 april123 august12
september october1 november december monday123 friday13 sunday12 saturday weekend1 holiday1
vacation football12 baseball12 superman1 batman12 starwars1 skywalker yankees1 cowboys1 steelers
eagles12 redskins packers1 raiders1 broncos1 lakers24 bulldogs tigers12 letmein! freedom!
welcome! password! password12 password1234 password12345 passwordpassword mypassword newpassword
secret123 secret12 topsecret mysecret qwertyqwerty asdfasdf zxcvzxcv asdf1234 zxcv1234 qwer1234
1234qwer 1234asdf qwerasdf asdfqwer poiuytrewq lkjhgfdsa mnbvcxz1 mnbvcxza azertyuiop azerty123
qwertzuiop 1qaz1qaz 2wsx3edc 3edc4rfv 1qw23er4 q2w3e4r5 zaq1xsw2 xsw2zaq1 1q2w3e4r5t6y7u
147258369 159357456 741852963 963852741 159753123 14789632 12369874 789456123 456789123
147852369 963258741 123654789 852456951 internet1 computer1 samsung1 nokia123 iphone12 apple123
google123 facebook youtube1 twitter1 linkedin instagram microsoft windows7 windows10 linux123
minecraft fortnite roblox123 pokemon12 zelda123 mario123 nintendo playstation xbox3600 gamer123
hello123 hello1234 helloworld hellokitty goodluck goodbye1 trustme1 imagine1 nothing1 something
forever1 friends1 family12 mother12 father12 brother1 sister12 daughter grandma1 princesa
tequiero teamo123 amoremio ichliebedich jetaime1 tiamo123 beautiful gorgeous1 sweetheart
sweetie1 babygirl babygirl1 angel123 angelina midnight1 moonlight starlight sunflower rainbow1
diamond1 crystal1 silver12 golden12 orange12 purple12 yellow12 bluesky1 redrose1 blackcat
whitecat greenday metallica nirvana1 slipknot linkinpark eminem12 rockstar1 rocknroll guitar12
music123 dancer12 singer12 player12 peanut12 cheese12 pepper12 ginger12 cookie123 chicken1
banana12 apple1234 cherry12 lemonade coffee12 pizza123 burger12 hotdog12 cupcake1 snoopy12
garfield mickey12 minnie12 tigger12 winnie12 scooby12 simpsons bubbles1 jasmine1 flower12
butterfly1 kitten12 puppy123 doggie12 charlie123 bailey12 buddy123 maggie12 molly123 sophie12
chloe123 lucky123 lucky777 777777777 lucky1234 money123 money1234 cash1234 dollar12 million1
business success1 winner12 champion victory1 letmein12 access14 access123 master123 master1234
mastermind godzilla terminator predator1 matrix12 gladiator thunder1 lightning hurricane
tornado1 phoenix1 falcon12 eagle123 panther1 jaguar12 leopard1 cheetah1 tiger123 lion1234
wolfpack wolverine warrior1 soldier1 knight12 samurai1 ninja123 pirate12 viking12 spartan1
trojan12 qwerty!@# 1qaz!qaz !@#$%^&* 1234!@#$ qwer!@#$ p@ssw0rd1 p@55w0rd passw0rd1 pa$$w0rd
changeit changethis letmeinnow openup12 opensesame welcomehome comeon12 alright1 nopassword
password0 password01 password11 password99 password7 password8 password9 00000001 10203040
11112222 11223355 12qwaszx 1234abcd 12345qwert 12345abc 123abc123 abc123abc abcabc123 aaa11111
a1s2d3f4 z1x2c3v4 q1q1q1q1 1a1a1a1a 2a2a2a2a asdasdasd qweqweqwe zxczxczxc 123qweasd qweasdzxc
qweasd123 zxcasdqwe asd123456 1qaz2wsx3edc qazxswedc qwe123qwe qwe123456 q123456789 w123456789
z123456789 student1 student123 teacher1 teacher123 school123 college1 university education
english1 english123 learning1 study123 exam2024 exam2025 ielts123 ielts2024 ielts2025 ieltsexam
ieltstest ieltsbanding ieltsband9 band9ielts ieltsprep ieltspassword password69 password007
welcome12 welcome1234 welcome12345 welcome01 welcome69 welcome99 welcome007 iloveyou12
iloveyou123 iloveyou1234 iloveyou12345 iloveyou01 iloveyou69 iloveyou99 iloveyou007 iloveyou2024
iloveyou2025 sunshine12 sunshine123 sunshine1234 sunshine12345 sunshine! sunshine01 sunshine69
sunshine99 sunshine007 sunshine2024 sunshine2025 princess12 princess123 princess1234
princess12345 princess! princess01 princess69 princess99 princess007 princess2024 princess2025
football123 football1234 football12345 football! football01 football69 football99 football007
football2024 football2025 baseball123 baseball1234 baseball12345 baseball! baseball01 baseball69
baseball99 baseball007 baseball2024 baseball2025 dragon123 dragon1234 dragon12345 dragon01
dragon69 dragon99 dragon007 dragon2024 dragon2025 monkey123 monkey1234 monkey12345 monkey01
monkey69 monkey99 monkey007 monkey2024 monkey2025 letmein1234 letmein12345 letmein01 letmein69
letmein99 letmein007 letmein2024 letmein2025 master12345 master01 master69 master99 master007
master2024 master2025 shadow123 shadow1234 shadow12345 shadow01 shadow69 shadow99 shadow007
shadow2024 shadow2025 superman12 superman123 superman1234 superman12345 superman! superman01
superman69 superman99 superman007 superman2024 superman2025 batman1234 batman12345 batman01
batman69 batman99 batman007 batman2024 batman2025 trustno12 trustno123 trustno1234 trustno12345
trustno! trustno01 trustno69 trustno99 trustno007 trustno2024 trustno2025 michael12 michael1234
michael12345 michael! michael01 michael69 michael99 michael007 michael2024 michael2025
jennifer12 jennifer123 jennifer1234 jennifer12345 jennifer! jennifer01 jennifer69 jennifer99
jennifer007 jennifer2024 jennifer2025 jordan12 jordan123 jordan1234 jordan12345 jordan01
jordan69 jordan99 jordan007 jordan2024 jordan2025 hunter123 hunter1234 hunter12345 hunter01
hunter69 hunter99 hunter007 hunter2024 hunter2025 ranger123 ranger1234 ranger12345 ranger01
ranger69 ranger99 ranger007 ranger2024 ranger2025 buster123 buster1234 buster12345 buster01
buster69 buster99 buster007 buster2024 buster2025 soccer123 soccer1234 soccer12345 soccer01
soccer69 soccer99 soccer007 soccer2024 soccer2025 hockey123 hockey1234 hockey12345 hockey01
hockey69 hockey99 hockey007 hockey2024 hockey2025 killer123 killer1234 killer12345 killer01
killer69 killer99 killer007 killer2024 killer2025 george12 george123 george1234 george12345
george01 george69 george99 george007 george2024 george2025 charlie12 charlie1234 charlie12345
charlie! charlie01 charlie69 charlie99 charlie007 charlie2024 charlie2025 andrew123 andrew1234
andrew12345 andrew01 andrew69 andrew99 andrew007 andrew2024 andrew2025 michelle1 michelle12
michelle123 michelle1234 michelle12345 michelle! michelle01 michelle69 michelle99 michelle007
michelle2024 michelle2025 jessica12 jessica123 jessica1234 jessica12345 jessica! jessica01
jessica69 jessica99 jessica007 jessica2024 jessica2025 pepper123 pepper1234 pepper12345 pepper01
pepper69 pepper99 pepper007 pepper2024 pepper2025 daniel123 daniel1234 daniel12345 daniel01
daniel69 daniel99 daniel007 daniel2024 daniel2025 access12 access1234 access12345 access01
access69 access99 access007 access2024 access2025 thomas123 thomas1234 thomas12345 thomas01
thomas69 thomas99 thomas007 thomas2024 thomas2025 harley12 harley123 harley1234 harley12345
harley01 harley69 harley99 harley007 harley2024 harley2025 robert12 robert123 robert1234
robert12345 robert01 robert69 robert99 robert007 robert2024 robert2025 matthew12 matthew123
matthew1234 matthew12345 matthew! matthew01 matthew69 matthew99 matthew007 matthew2024
matthew2025 maggie123 maggie1234 maggie12345 maggie01 maggie69 maggie99 maggie007 maggie2024
maggie2025 ashley123 ashley1234 ashley12345 ashley01 ashley69 ashley99 ashley007 ashley2024
ashley2025 bailey123 bailey1234 bailey12345 bailey01 bailey69 bailey99 bailey007 bailey2024
bailey2025 joshua123 joshua1234 joshua12345 joshua01 joshua69 joshua99 joshua007 joshua2024
joshua2025 amanda12 amanda123 amanda1234 amanda12345 amanda01 amanda69 amanda99 amanda007
amanda2024 amanda2025 summer123 summer1234 summer12345 summer01 summer69 summer99 summer007
taylor12 taylor123 taylor1234 taylor12345 taylor01 taylor69 taylor99 taylor007 taylor2024
taylor2025 hannah12 hannah123 hannah1234 hannah12345 hannah01 hannah69 hannah99 hannah007
hannah2024 hannah2025 justin12 justin123 justin1234 justin12345 justin01 justin69 justin99
justin007 justin2024 justin2025 anthony12 anthony123 anthony1234 anthony12345 anthony! anthony01
anthony69 anthony99 anthony007 anthony2024 anthony2025 silver123 silver1234 silver12345 silver01
silver69 silver99 silver007 silver2024 silver2025 golden123 golden1234 golden12345 golden01
golden69 golden99 golden007 golden2024 golden2025 william12 william123 william1234 william12345
william! william01 william69 william99 william007 william2024 william2025 nicole123 nicole1234
nicole12345 nicole01 nicole69 nicole99 nicole007 nicole2024 nicole2025 chelsea12 chelsea123
chelsea1234 chelsea12345 chelsea! chelsea01 chelsea69 chelsea99 chelsea007 chelsea2024
chelsea2025 biteme12 biteme123 biteme1234 biteme12345 biteme01 biteme69 biteme99 biteme007
biteme2024 biteme2025 jasmine12 jasmine123 jasmine1234 jasmine12345 jasmine! jasmine01 jasmine69
jasmine99 jasmine007 jasmine2024 jasmine2025 orange123 orange1234 orange12345 orange01 orange69
orange99 orange007 orange2024 orange2025 matrix123 matrix1234 matrix12345 matrix01 matrix69
matrix99 matrix007 matrix2024 matrix2025 freedom12 freedom123 freedom1234 freedom12345 freedom01
freedom69 freedom99 freedom007 freedom2024 freedom2025 samantha1 samantha12 samantha123
samantha1234 samantha12345 samantha! samantha01 samantha69 samantha99 samantha007 samantha2024
samantha2025 purple123 purple1234 purple12345 purple01 purple69 purple99 purple007 purple2024
purple2025 ginger123 ginger1234 ginger12345 ginger01 ginger69 ginger99 ginger007 ginger2024
ginger2025 cookie1234 cookie12345 cookie01 cookie69 cookie99 cookie007 cookie2024 cookie2025
yellow123 yellow1234 yellow12345 yellow01 yellow69 yellow99 yellow007 yellow2024 yellow2025
flower123 flower1234 flower12345 flower01 flower69 flower99 flower007 flower2024 flower2025
corvette1 corvette12 corvette123 corvette1234 corvette12345 corvette! corvette01 corvette69
corvette99 corvette007 corvette2024 corvette2025 mustang12 mustang123 mustang1234 mustang12345
mustang! mustang01 mustang69 mustang99 mustang007 mustang2024 mustang2025 computer12 computer123
computer1234 computer12345 computer! computer01 computer69 computer99 computer007 computer2024
computer2025 internet12 internet123 internet1234 internet12345 internet! internet01 internet69
internet99 internet007 internet2024 internet2025 starwars12 starwars123 starwars1234
starwars12345 starwars! starwars01 starwars69 starwars99 starwars007 starwars2024 starwars2025
yankees12 yankees123 yankees1234 yankees12345 yankees! yankees01 yankees69 yankees99 yankees007
yankees2024 yankees2025 cowboys12 cowboys123 cowboys1234 cowboys12345 cowboys! cowboys01
cowboys69 cowboys99 cowboys007 cowboys2024 cowboys2025 rangers1 rangers12 rangers123 rangers1234
rangers12345 rangers! rangers01 rangers69 rangers99 rangers007 rangers2024 rangers2025 dakota12
dakota123 dakota1234 dakota12345 dakota01 dakota69 dakota99 dakota007 dakota2024 dakota2025
austin12 austin123 austin1234 austin12345 austin01 austin69 austin99 austin007 austin2024
austin2025 thunder12 thunder123 thunder1234 thunder12345 thunder! thunder01 thunder69 thunder99
thunder007 thunder2024 thunder2025 merlin12 merlin123 merlin1234 merlin12345 merlin01 merlin69
merlin99 merlin007 merlin2024 merlin2025 phoenix12 phoenix123 phoenix1234 phoenix12345 phoenix!
phoenix01 phoenix69 phoenix99 phoenix007 phoenix2024 phoenix2025 diamond12 diamond123
diamond1234 diamond12345 diamond! diamond01 diamond69 diamond99 diamond007 diamond2024
diamond2025 tigger123 tigger1234 tigger12345 tigger01 tigger69 tigger99 tigger007 tigger2024
tigger2025 booboo12 booboo123 booboo1234 booboo12345 booboo01 booboo69 booboo99 booboo007
booboo2024 booboo2025 secret1234 secret12345 secret01 secret69 secret99 secret007 secret2024
secret2025 qwerty12345 qwerty01 qwerty69 qwerty99 qwerty007 qwerty2024 qwerty2025 abc12312
abc123123 abc1231234 abc12312345 abc12301 abc12369 abc12399 abc123007 abc1232024 abc1232025
admin12345 admin007 admin2024 admin2025 login123 login1234 login12345 login007 login2024
login2025 hello12345 hello007 hello2024 hello2025 snoopy123 snoopy1234 snoopy12345 snoopy01
snoopy69 snoopy99 snoopy007 snoopy2024 snoopy2025 boomer12 boomer123 boomer1234 boomer12345
boomer01 boomer69 boomer99 boomer007 boomer2024 boomer2025 edward12 edward123 edward1234
edward12345 edward01 edward69 edward99 edward007 edward2024 edward2025 richard1 richard12
richard123 richard1234 richard12345 richard! richard01 richard69 richard99 richard007
richard2024 richard2025 charles1 charles12 charles123 charles1234 charles12345 charles!
charles01 charles69 charles99 charles007 charles2024 charles2025 joseph12 joseph123 joseph1234
joseph12345 joseph01 joseph69 joseph99 joseph007 joseph2024 joseph2025 steven12 steven123
steven1234 steven12345 steven01 steven69 steven99 steven007 steven2024 steven2025 brandon1
brandon12 brandon123 brandon1234 brandon12345 brandon! brandon01 brandon69 brandon99 brandon007
brandon2024 brandon2025 heather1 heather12 heather123 heather1234 heather12345 heather!
heather01 heather69 heather99 heather007 heather2024 heather2025 melissa1 melissa12 melissa123
melissa1234 melissa12345 melissa! melissa01 melissa69 melissa99 melissa007 melissa2024
melissa2025 martin12 martin123 martin1234 martin12345 martin01 martin69 martin99 martin007
martin2024 martin2025 ferrari12 ferrari123 ferrari1234 ferrari12345 ferrari! ferrari01 ferrari69
ferrari99 ferrari007 ferrari2024 ferrari2025 porsche1 porsche12 porsche123 porsche1234
porsche12345 porsche! porsche01 porsche69 porsche99 porsche007 porsche2024 porsche2025 mercedes1
mercedes12 mercedes123 mercedes1234 mercedes12345 mercedes! mercedes01 mercedes69 mercedes99
mercedes007 mercedes2024 mercedes2025 chicago1 chicago12 chicago123 chicago1234 chicago12345
chicago! chicago01 chicago69 chicago99 chicago007 chicago2024 chicago2025 boston12 boston123
boston1234 boston12345 boston01 boston69 boston99 boston007 boston2024 boston2025 dallas12
dallas123 dallas1234 dallas12345 dallas01 dallas69 dallas99 dallas007 dallas2024 dallas2025
london12 london123 london1234 london12345 london01 london69 london99 london007 london2024
london2025 paris123 paris1234 paris12345 paris007 paris2024 paris2025 berlin12 berlin123
berlin1234 berlin12345 berlin01 berlin69 berlin99 berlin007 berlin2024 berlin2025 madrid12
madrid123 madrid1234 madrid12345 madrid01 madrid69 madrid99 madrid007 madrid2024 madrid2025
toronto1 toronto12 toronto123 toronto1234 toronto12345 toronto! toronto01 toronto69 toronto99
toronto007 toronto2024 toronto2025 sydney12 sydney123 sydney1234 sydney12345 sydney01 sydney69
sydney99 sydney007 sydney2024 sydney2025 tokyo123 tokyo1234 tokyo12345 tokyo007 tokyo2024
tokyo2025 000000000000 111111111111 222222222 2222222222 222222222222 333333333 3333333333
333333333333 444444444 4444444444 444444444444 555555555 5555555555 555555555555 666666666
6666666666 666666666666 7777777777 777777777777 888888888 8888888888 888888888888 999999999
9999999999 999999999999 love1960 baby1960 angel1960 pass1960 hello1960 love1961 baby1961
angel1961 pass1961 hello1961 love1962 baby1962 angel1962 pass1962 hello1962 love1963 baby1963
angel1963 pass1963 hello1963 love1964 baby1964 angel1964 pass1964 hello1964 love1965 baby1965
angel1965 pass1965 hello1965 love1966 baby1966 angel1966 pass1966 hello1966 love1967 baby1967
angel1967 pass1967 hello1967 love1968 baby1968 angel1968 pass1968 hello1968 love1969 baby1969
angel1969 pass1969 hello1969 love1970 baby1970 angel1970 pass1970 hello1970 love1971 baby1971
angel1971 pass1971 hello1971 love1972 baby1972 angel1972 pass1972 hello1972 love1973 baby1973
angel1973 pass1973 hello1973 love1974 baby1974 angel1974 pass1974 hello1974 love1975 baby1975
angel1975 pass1975 hello1975 love1976 baby1976 angel1976 pass1976 hello1976 love1977 baby1977
angel1977 pass1977 hello1977 love1978 baby1978 angel1978 pass1978 hello1978 love1979 baby1979
angel1979 pass1979 hello1979 love1980 baby1980 angel1980 pass1980 hello1980 love1981 baby1981
angel1981 pass1981 hello1981 love1982 baby1982 angel1982 pass1982 hello1982 love1983 baby1983
angel1983 pass1983 hello1983 love1984 baby1984 angel1984 pass1984 hello1984 love1985 baby1985
angel1985 pass1985 hello1985 love1986 baby1986 angel1986 pass1986 hello1986 love1987 baby1987
angel1987 pass1987 hello1987 love1988 baby1988 angel1988 pass1988 hello1988 love1989 baby1989
angel1989 pass1989 hello1989 love1990 baby1990 angel1990 pass1990 hello1990 love1991 baby1991
angel1991 pass1991 hello1991 love1992 baby1992 angel1992 pass1992 hello1992 love1993 baby1993
angel1993 pass1993 hello1993 love1994 baby1994 angel1994 pass1994 hello1994 love1995 baby1995
angel1995 pass1995 hello1995 love1996 baby1996 angel1996 pass1996 hello1996 love1997 baby1997
angel1997 pass1997 hello1997 love1998 baby1998 angel1998 pass1998 hello1998 love1999 baby1999
angel1999 pass1999 hello1999 love2000 baby2000 angel2000 pass2000 hello2000 love2001 baby2001
angel2001 pass2001 hello2001 love2002 baby2002 angel2002 pass2002 hello2002 love2003 baby2003
angel2003 pass2003 hello2003 love2004 baby2004 angel2004 pass2004 hello2004 love2005 baby2005
angel2005 pass2005 hello2005 love2006 baby2006 angel2006 pass2006 hello2006 love2007 baby2007
angel2007 pass2007 hello2007 love2008 baby2008 angel2008 pass2008 hello2008 love2009 baby2009
angel2009 pass2009 hello2009 love2010 baby2010 angel2010 pass2010 hello2010`

let set: ReadonlySet<string> | undefined

/** Whether `password` is on the list, ignoring case. Parsed on first use, not at start-up. */
export function isCommonPassword(password: string): boolean {
  set ??= new Set(LIST.split(/\s+/))
  return set.has(password.toLowerCase())
}

/** How many passwords the list holds. */
export function commonPasswordCount(): number {
  set ??= new Set(LIST.split(/\s+/))
  return set.size
}
