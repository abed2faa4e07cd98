# English.

## Site
site-title = Civil Affairs Self-Service
bureau-name = Demo City Civil Affairs Bureau
skip-to-content = Skip to main content
nav-language-label = Choose language
elder-mode-on = Larger text (elder mode)
elder-mode-off = Back to standard view
footer-contact = Contact us
footer-staff = Staff sign-in
footer-hotline = Government service hotline: 12345
footer-note = All services on this site are free. Never tell anyone your access code.

## Home
home-heading = Civil affairs services, online
home-intro = Find out which assistance you can get, apply online, book marriage registration and follow your case.
home-services-label = Services
service-eligibility-title = Check what support you can get
service-eligibility-description = Answer a few questions to see whether your household may qualify for minimum living allowance (dibao), extreme-poverty support, temporary assistance, disability allowances, old-age allowance and more, roughly how much, and under which rule. No account needed.
service-apply-title = Apply for social assistance
service-apply-description = Apply online and sign the credit-commitment forms. When what you declare matches the official checks, the home visit is skipped and your case is decided sooner.
service-marriage-title = Book marriage registration
service-marriage-description = Marriage, divorce and replacement certificates at any registration office in the country. No household register (hukou) booklet needed.
service-track-title = Track your application
service-track-description = Use your reference number and access code to see which step your case has reached and when it will be decided.
home-help-title = Need help?
home-help-body = If something is unclear or you have a question about a policy, leave us a message and a member of staff will call you back.
home-help-link = Send the bureau a message
staff-entry-title = Staff sign-in
staff-entry-link = Sign in as civil affairs staff
staff-entry-description = For township, street and county staff who receive, review, publish and decide applications.

## Services not open yet
pending-title = This service is not available online yet
pending-body = We are building this service. Until it opens you cannot use it online, but you can still get it in the ways below.
pending-alternatives-title = What you can do now
pending-alternative-hall = Go to the service hall of the township or street where you are registered or live
pending-alternative-phone = Call the government service hotline 12345
pending-alternative-contact = Send the bureau a message online
back-home = Back to the home page

## 404
not-found-title = Page not found
not-found-body = The address may be mistyped, or the page has moved. Check the address or start again from the home page.

## Contact
contact-title = Send the bureau a message
contact-intro = Leave your name and mobile number and tell us what you would like to know. A member of staff will call you back during working hours.
contact-name-label = Full name
contact-name-hint = Your real name, for example Zhang San or Ayigul Mamat
contact-mobile-label = Mobile number
contact-mobile-hint = An 11-digit mainland China mobile number. We will call you on it.
contact-message-label = Your message
contact-message-hint = Up to 1,000 characters. Do not include ID card or bank card numbers.
contact-submit = Send message
contact-sending = Sending…
contact-privacy = Your mobile number is stored encrypted and used only to answer this message.
contact-sent-title = Message sent
contact-sent-reference = Your message reference
contact-sent-next-title = What happens next
contact-sent-next-body = A member of staff will call you during working hours. Please quote your reference when they call. If nobody calls, you can ask about it on 12345.

## Common errors
err-summary-title = There is a problem
err-prefix = Error:
err-title-prefix = Error:{" "}
err-request-malformed = We could not read what was sent. Reload the page and fill it in again.
err-field-required = Fill in this field
err-idempotency-key = This form has expired. Reload the page and submit it again.
err-idempotency-conflict = This form has already been submitted. To send another, reload the page and fill it in again.
err-forbidden = The request was refused. Use this website directly, not a link or form on another site.
err-rate-limited = Too many attempts. Wait a few minutes and try again.
err-network = Could not reach the server. Check your connection and press send again. What you typed is kept.
err-internal = Something went wrong on our side. Try again later. If you need help, call 12345 and quote error reference { $ref }

## Mobile number
err-mobile-empty = Enter your mobile number
err-mobile-invalid-character = A mobile number can only contain digits
err-mobile-wrong-length = A mobile number has 11 digits
err-mobile-not-mobile = Enter a mobile number starting with 13 to 19

## Name
err-name-empty = Enter your full name
err-name-too-short = Enter your full name, not only part of it
err-name-too-long = A name can be at most { $max } characters
err-name-invalid-character = A name can only contain Chinese characters, letters and the name dot “·”
err-name-mixed-script = Write the name either in Chinese characters or in letters, not both
err-name-misplaced-separator = A dot, hyphen or apostrophe must stand between two letters, and only one at a time

## Message
err-message-empty = Enter your message
err-message-too-long = A message can be at most { $max } characters. Shorten it a little.
err-message-invalid-character = The message contains special characters that cannot be shown. Remove them and try again.

## Dates
err-date-empty = Enter a date
err-date-format = Enter the date as year-month-day, for example 2026-03-15
err-date-no-such-date = That day does not exist. Check the month and day

## Money
err-money-empty = Enter an amount, or 0 if there is none
err-money-not-a-number = Enter the amount in numbers only, for example 1200 or 1200.50
err-money-too-many-decimals = Enter at most two decimal places (to the fen)
err-money-negative = The amount cannot be negative
err-money-too-large = The amount cannot be more than { $max } yuan. Check for extra digits

## ID numbers
err-id-empty = Enter the ID card number
err-id-wrong-length = An ID card number has 18 characters
err-id-invalid-character = An ID card number has only digits; the last character may be X
err-id-unknown-province = The first two digits of the ID card number are not right. Check them
err-id-invalid-birth-date = The birth date inside the ID card number does not exist. Check the number
err-id-birth-date-in-future = The birth date inside the ID card number is after today. Check the number
err-id-birth-date-too-early = The birth date inside the ID card number is before 1900. Check the number
err-id-wrong-check-digit = The ID card number is not right; a digit may be mistyped. Check each digit

## Other documents
doc-resident-id = Resident identity card
doc-hk-macao-permit = Mainland Travel Permit for Hong Kong and Macao Residents
doc-taiwan-permit = Mainland Travel Permit for Taiwan Residents
doc-residence-permit = Residence Permit for Hong Kong, Macao and Taiwan Residents
doc-permanent-residence = Foreign Permanent Resident ID Card
doc-foreign-passport = Foreign passport
err-doc-empty = Enter the document number
err-doc-format-hk-macao = The permit number starts with H or M followed by 8 digits (and may end with 2 more for the renewal count)
err-doc-format-taiwan = The permit number has 8 digits
err-doc-format-residence-permit = A residence permit number has 18 characters; the last may be X
err-doc-format-permanent-residence = The card number has 18 characters starting with 9 (older cards: 3 letters and 12 digits)
err-doc-format-passport = A passport number has 5 to 20 letters or digits
err-doc-wrong-check-digit = The document number is not right; a character may be mistyped. Check each one
err-doc-invalid-birth-date = The birth date inside the document number does not exist. Check the number
err-doc-not-residence-permit = A residence permit number starts with 810000, 820000 or 830000
err-doc-country = Choose the country that issued the passport

## Administrative divisions
err-region-empty = Choose where you live
err-region-format = A region code has 6 digits
err-region-unknown-province = The first two digits of the region code are not a province
err-region-not-in-list = That region is not in the national list. Choose one from the list

## Household members
err-household-no-members = Add at least one household member (the applicant)
err-household-too-many-members = A household can have at most { $max } members here; larger households apply at the service hall
err-household-applicant-position = The first member must be the applicant; for the others choose their relation to the applicant
err-household-relation = Choose this person's relation to the applicant
err-household-birth-date-mismatch = The date of birth does not match the ID card number. Check both
err-household-birth-date-in-future = The date of birth cannot be after today
err-household-birth-date-too-early = The date of birth cannot be before 1900. Check the year
err-household-income-kind = Choose the kind of income
err-household-income-period = Choose whether the amount is per month or per year
err-household-too-many-income-items = Enter at most { $max } income items per person; combine similar ones
err-household-disability-category = Choose the disability category
err-household-disability-level = The disability level is 1 to 4
err-household-disability-number = A disability certificate number has 20 characters: the ID card number, then category and level
err-household-disability-holder = The disability certificate number does not match this person's ID card number
err-household-work-status-missing = Choose what this person mainly does now
err-household-work-status-unknown = Choose what this person mainly does from the list
err-household-school-stage = Choose the school stage
err-household-yes-no = Choose yes or no
err-household-count = Enter a whole number from 0 to { $max }

## Marriage registration parties
err-marriage-service = Choose the service you want to book
err-marriage-document-kind = Choose the type of document
err-marriage-sex = Choose the sex shown on the document
err-marriage-same-person = Both parties are the same person. Check the other party's document number
err-marriage-sexes = Marriage registration is for a man and a woman. Check the document numbers
err-marriage-under-age = Not yet of the legal age of { $min } on the registration day; registration is possible from { $date }

## Uploaded documents
err-document-empty = The file is empty. Choose it again
err-document-too-large = The file must be smaller than { $max } MB. Take a photo instead or compress the file
err-document-unsupported-type = You can only upload photos (JPG, PNG, WebP) or PDF files
err-document-disguised = The file's content does not match its name, so it cannot be uploaded. Take a photo or choose the original file

## Eligibility: reasons and rules
elig-reason-no-standard = The local minimum living standard is not recorded here yet; a member of staff will check it
elig-reason-income-not-below = Household income is { $income } yuan a month per person, not below the local standard of { $standard } yuan
elig-reason-income-below = Household income is { $income } yuan a month per person, below the local standard of { $standard } yuan
elig-reason-amount-dibao = The standard of { $standard } yuan × { $size } people, minus household income of { $income } yuan: about { $amount } yuan a month
elig-reason-excluded-income = Preferential treatment payments, scholarships, assistance payments and the basic resident pension are not counted as income
elig-reason-rule-dibao = Dibao requires household income per person below the local standard and assets within the local rules
elig-reason-assets-financial = Savings and investments of { $amount } yuan are above the local limit of { $limit } yuan ({ $months } months of the standard per person)
elig-reason-assets-property = The household owns more than { $max } home, or non-residential property such as a shop
elig-reason-assets-vehicle = The household owns a motor vehicle (mobility scooters, motorcycles and e-bikes excepted)
elig-reason-assets-business = A household member holds a business licence
elig-reason-edge-dibao-instead = Your household may qualify for dibao itself; apply for dibao
elig-reason-edge-income = Household income is { $income } yuan a month per person, not below { $ratio } times the standard ({ $limit } yuan)
elig-reason-edge-below = Household income is { $income } yuan a month per person, below { $ratio } times the standard ({ $limit } yuan)
elig-reason-edge-benefits = Low-income (edge) households receive no monthly payment but can get medical, education and housing assistance
elig-reason-tekun-can-work = The applicant is { $age } and has none of the listed disabilities, so counts as able to work
elig-reason-tekun-income = The applicant's own income of { $income } yuan a month is not below the local standard of { $standard } yuan
elig-reason-tekun-supporter = Someone with a legal duty to support the applicant is able to do so
elig-fact-supporter = We also need to know: is there anyone with a legal duty to support the applicant, and are they able to?
elig-reason-no-local-amount = The local amount is not recorded here yet; a member of staff will check it
elig-reason-tekun-conditions = The applicant is { $age }, unable to work, without means of living, and has no one able to support them
elig-reason-tekun-basic = Basic support of { $amount } yuan a month
elig-reason-tekun-care = Cannot manage { $unable } daily-living activities alone: care support of { $amount } yuan a month
elig-reason-temporary-review = A sudden hardship or necessary spending beyond your means: staff will check and decide the amount
elig-reason-temporary-review-cap = A sudden hardship or necessary spending beyond your means: staff will check and decide the amount, locally usually at most { $cap } yuan
elig-fact-hardship = We also need to know: has the household had a sudden event, or medical or education costs it cannot bear?
elig-reason-temporary-none = No sudden hardship and no necessary spending beyond the household's means
elig-reason-no-disability = Nobody in the household holds a disability certificate
elig-reason-living-needs-dibao = The living allowance is for disabled members of dibao households
elig-reason-living-needs-dibao-or-edge = The living allowance is for disabled members of dibao or low-income (edge) households
elig-reason-living-amount = { $count } × { $each } yuan a month each: { $amount } yuan
elig-reason-living-tekun = Extreme-poverty support recipients are fully supported and do not also receive the living allowance
elig-reason-care-level = The care allowance is for people with level 1 or 2 disabilities
elig-reason-care-level-extended = The care allowance is for level 1 or 2 disabilities, and level 3 or 4 intellectual or mental disabilities
elig-reason-care-not-needed = The disabled member does not need long-term care
elig-fact-long-term-care = We also need to know: does the disabled member need long-term care?
elig-reason-care-amount = { $count } × { $each } yuan a month each: { $amount } yuan
elig-reason-elderly-age = Nobody in the household is { $age } or older
elig-reason-elderly-band = Aged { $age }: the { $band }+ rate of { $amount } yuan a month
elig-reason-no-child = No child under 18 in the household
elig-reason-child-amount = { $count } child(ren) × { $each } yuan a month each: { $amount } yuan
elig-fact-parents = We also need to know the situation of the child's parents
elig-reason-fact-orphan-is-orphan = Both parents have died or cannot be found: the orphan allowance applies instead
elig-reason-orphan-parents = The parents' situation does not make the child an orphan
elig-reason-fact-orphan-parents = The parents' situation does not make the child de facto unsupported
elig-reason-adaptation-household = Home adaptation grants are for dibao households and extreme-poverty support recipients
elig-reason-adaptation-member = No member aged 60 or over who is very old, disabled or unable to manage daily living
elig-reason-adaptation-amount = A grant of { $amount } yuan per household

## Eligibility screener (/eligibility)
scr-intro = Answer a few short groups of questions; it takes about 5 minutes. No account, no names and no ID numbers. The result tells you which help you may qualify for, roughly how much, and the rule each answer rests on.
scr-privacy = Your answers are used only for this estimate and are not stored. If you choose "Apply now", they are carried into the application form for you to check before you submit.
err-screener-region-missing = Choose the county or district of your household registration
err-screener-area = Choose urban or rural
err-screener-answer = Choose one of the answers
scr-progress = Step { $n } of { $total }
scr-continue = Continue
scr-back = Back
scr-see-results = See the results
scr-step-place = Where is your household registered?
scr-step-people = Who lives in your household?
scr-step-income = Household income
scr-step-assets = Household assets
scr-step-care = Daily living
scr-step-situation = Your household's circumstances
scr-step-results = Your results
scr-region-label = Place of household registration
scr-region-query-label = County or district of your household registration
scr-region-hint = Type its name to search, for example 阳西 or 勐腊
scr-region-search = Search
scr-region-matches = Choose the place where your household is registered
scr-region-none = Nothing matches "{ $query }". Try fewer characters, for example just 阳西
scr-region-quick = Places whose local standards this service holds
scr-area-label = Is your household registration urban or rural?
scr-area-hint = This decides whether the urban or the rural 低保 standard applies. Your household register (户口簿) or your community or village committee can tell you.
scr-area-urban = Urban
scr-area-rural = Rural
scr-people-hint = Include the family members you live with and share a household with: your spouse, children under 18, and parents or adult children who live with you. Names are not needed.
scr-person-you = You
scr-person-n = Household member { $n }
scr-relation-label = Relationship to you
scr-relation-spouse = Spouse
scr-relation-child = Son or daughter
scr-relation-parent = Parent
scr-relation-child_in_law = Son- or daughter-in-law
scr-relation-parent_in_law = Parent-in-law
scr-relation-sibling = Brother or sister
scr-relation-grandparent = Grandparent
scr-relation-grandchild = Grandchild
scr-relation-other = Other
scr-birth-label = Date of birth
scr-birth-hint = For example 1958-03-01
scr-work-label = What do they mainly do now?
scr-work-employed = Employed
scr-work-self_employed = Self-employed
scr-work-farming = Farming
scr-work-unemployed = Able to work but without work
scr-work-retired = Retired
scr-work-unable_to_work = Unable to work (illness, disability)
scr-work-student = In education
scr-work-child = Child below school age
scr-work-incarcerated = Serving a sentence or in compulsory detention
scr-work-religious_living_apart = Religious personnel living away for 3 years or more
scr-stage-label = School stage (if in education)
scr-stage-preschool = Kindergarten
scr-stage-compulsory = Primary or junior secondary school
scr-stage-high_school = Senior high school
scr-stage-vocational = Secondary vocational school
scr-stage-undergraduate = College or university
scr-stage-postgraduate = Postgraduate
scr-disability-label = Disability certificate
scr-disability-none = No disability certificate
scr-disability-visual = Visual disability
scr-disability-hearing = Hearing disability
scr-disability-speech = Speech disability
scr-disability-physical = Physical disability
scr-disability-intellectual = Intellectual disability
scr-disability-mental = Mental disability
scr-disability-multiple = Multiple disabilities
scr-level-label = Disability level (if they have a certificate)
scr-level-n = Level { $n }
scr-choose = Choose
scr-add-person = Add a household member
scr-remove-person = Remove this member
scr-income-hint = Enter each person's recent income and leave the rest empty. For farming and business, enter the net income after costs, per month or per year.
scr-income-wage = Wages
scr-income-business = Net income from farming, livestock or business
scr-income-pension = Employee pension or retirement pay
scr-income-basic_resident_pension = Basic pension of the urban and rural residents' scheme
scr-income-other = Other income (rent, interest, maintenance received)
scr-period-label = Per month or per year
scr-period-monthly = per month
scr-period-yearly = per year
scr-amount-unit = yuan
scr-assets-hint = Enter what the whole household owns; leave empty or enter 0 for none.
scr-asset-deposits = Savings of the whole household
scr-asset-securities = Shares, funds, wealth-management products, commercial insurance
scr-asset-residential_properties = Homes (number)
scr-asset-non_residential_properties = Shops, workshops or other non-residential property (number)
scr-asset-motor_vehicles = Cars and other motor vehicles (not mobility scooters, motorcycles or e-bikes)
scr-asset-business_registrations = Business licences (number)
scr-care-hint = These questions are only for members aged 60 or over and members with a disability certificate.
scr-care-person = Can { $person } do these on their own?
scr-adl-eating = Eating
scr-adl-dressing = Dressing
scr-adl-getting_in_and_out_of_bed = Getting in and out of bed
scr-adl-toileting = Using the toilet
scr-adl-walking_indoors = Walking indoors
scr-adl-bathing = Bathing
scr-adl-can = On their own
scr-adl-cannot = Needs help
scr-situation-hint = Only you know these. If you are not sure, choose "Not sure": the results will say what still needs to be known.
scr-emergency-label = Has a fire, a traffic accident, a sudden serious illness or another sudden event recently left your household unable to meet basic needs?
scr-spending-label = Do you have necessary medical or education costs beyond what your household can bear?
scr-supporter-label = Is there someone with a legal duty to support you who is able to do so (for example an adult child with a steady income)?
scr-long-term-care-label = Does the severely disabled member of your household need long-term care?
scr-parents-label = What is the situation of the parents of the children under 18 in your household?
scr-parents-not_applicable = The parents are raising the children
scr-parents-both_deceased_or_unknown = Both parents have died or cannot be found
scr-parents-one_deceased_other_unable = One parent has died or is missing; the other cannot raise them (severe disability, serious illness, prison…)
scr-parents-both_unable = Neither parent can raise them (severe disability, serious illness, prison, out of contact…)
scr-parents-not_sure = Not sure
scr-yes = Yes
scr-no = No
scr-not-sure = Not sure
scr-results-basis = An estimate under the rules in force in { $region } on { $date }
scr-results-disclaimer = This is a first estimate from your answers, not a decision. Whether you receive help, and how much, is decided by the civil-affairs bureau after it checks your application.
scr-results-checking = Checking the results with the server…
scr-group-eligible = May qualify
scr-group-needs-info = More information needed
scr-group-review = Staff must check
scr-group-ineligible = Does not qualify now
scr-amount-monthly = about { $amount } yuan a month
scr-amount-one-off = about { $amount } yuan once
scr-amount-none = No cash payment; opens other help
scr-rule = Rule
scr-apply-now = Apply now
scr-apply-hint = Your answers are carried into the application form; you can change them before you submit.
scr-change = Change your answers
scr-live-title = From your answers so far, you may qualify for
scr-live-none = Nothing yet; keep answering
scr-loading-rules = Loading the local rules…
elig-program-dibao = Minimum living allowance (低保)
elig-program-dibao_edge = Near-低保 household status
elig-program-tekun = Support for people in extreme poverty (特困)
elig-program-temporary = Temporary assistance
elig-program-disability_living = Living allowance for people with disabilities in hardship
elig-program-disability_care = Care allowance for people with severe disabilities
elig-program-elderly_allowance = Old-age allowance (高龄津贴)
elig-program-orphan = Basic living allowance for orphans
elig-program-fact_orphan = Basic living allowance for children without de facto care
elig-program-home_adaptation = Home adaptation for older people in special hardship
apply-carried = We received your answers from the eligibility check: { $people } household members, { $region }. When online applications open, the form will start from these answers.

## Application for assistance: field errors
err-app-program-missing = Choose at least one kind of help to apply for
err-app-program-unknown = Choose a kind of help from the list
err-app-apply-at-missing = Choose whether you apply where your hukou is or where you live
err-app-residence-permit = Enter the residence permit number (letters and digits only)
err-app-region-missing = Choose the county (city, district) where you apply
err-app-area-missing = Choose urban or rural
err-app-member-name-missing = Enter this household member's full name
err-app-member-id-missing = Enter this household member's ID number
err-app-member-id-duplicate = This ID number is already entered for another member
err-app-hardship-missing = Describe briefly the difficulty your household faces
err-app-hardship-too-long = Use { $max } characters or fewer
err-app-too-many-documents = Upload { $max } documents or fewer
err-app-document-reference = A document reference is not valid: upload the document again
err-app-document-unknown = A document was not found or is already part of another application: upload it again
err-app-notice-not-read = Read the application notice, then tick to confirm
err-app-commitment-version = The commitment text has changed: read it and sign again
err-app-signature-missing = This household member has not signed yet
err-app-signature-name-mismatch = The typed name is not the signer's name
err-app-signature-not-drawn = Sign in the signature box
err-app-signature-unreadable = The signature could not be read: clear it and sign again
err-app-signature-too-complex = The signature has too many strokes: clear it and sign again
err-app-signer-invalid = A guardian signs for a household member under 18
err-app-guardian-invalid = Choose an adult household member who has signed for themself as guardian
err-track-not-found = The application number or access code is not correct: check them and try again
err-draft-not-found = The resume code or ID number is not correct: check them and try again

## Tracking (/track)
app-program-disability_allowances = Two disability allowances
track-intro = Enter the application number and access code you received when you applied to see which step your application has reached and when it will be decided. The access code is shown only once, when you apply: keep it safe.
track-number-label = Application number
track-number-hint = For example SQ20261123-7K3M9P; upper or lower case
track-code-label = Access code
track-code-hint = 8 letters and digits
track-submit = Look up
track-result-title = Progress of application { $number }
track-programs = Applied for
track-procedure = Procedure
track-procedure-commitment = Simplified procedure with signed commitments (when the declaration matches the economic-status check, no home visit or community review; usually about 15 working days)
track-procedure-standard = Standard procedure
track-submitted-on = Submitted on
track-deadline = Statutory time limit: a decision within { $days } working days of acceptance. If accepted on the day it was submitted, by { $date } at the latest (counted with the State Council's public holidays and make-up working days).
track-deadline-provisional = Statutory time limit: a decision within { $days } working days of acceptance. If accepted on the day it was submitted, around { $date }; this date may move once next year's holiday schedule is published.
track-done = Done
track-current = In progress
track-pending = Not started
track-step-submitted = Application submitted
track-step-submitted-text = You submitted the application, the commitment and the authorization for the economic-status check online.
track-step-accepted = Accepted
track-step-accepted-text = The township (sub-district) office checks the documents: if they are complete it accepts the application; if not, it tells you everything that is missing at once.
track-step-econ_check = Economic-status check
track-step-econ_check-text = Income and assets are checked through the household economic-status verification platform. If they match what you declared, there is no home visit and no community review.
track-step-public_notice = Public notice
track-step-public_notice-text = The preliminary opinion is posted for 7 days in your village or community, with only the necessary information.
track-step-decided = Decision
track-step-decided-text = A decision is made. If approved, payments start in the month after the decision; if not, you are told the reasons in writing.
track-appeal-title = If you disagree with the decision
track-appeal = You can apply for administrative reconsideration within 60 days of learning of the decision, or bring an administrative lawsuit before a people's court within 6 months.

## The commitment documents (/apply/commitments)
apply-read-commitments = Read first the three documents you will sign when you apply
commitments-title = Documents you sign when you apply
commitments-intro = When you apply for social assistance you read the application notice, and every adult household member signs the commitment and the authorization for the economic-status check (a guardian signs for a minor). Here they are in full, to read or print before you start.
commitments-original-note = The documents below are the original Simplified Chinese text, which is what is signed.
commitments-version = Text version
commitments-sha256 = Text fingerprint (SHA-256)
commitments-hash-hint = Every signature is stored with the text version and this fingerprint, which shows it was given on exactly this text.
commitments-back = Back to applying for social assistance
