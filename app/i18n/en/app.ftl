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
