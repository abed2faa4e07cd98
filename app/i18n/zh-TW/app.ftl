# 繁體中文。

## 站點
site-title = 民政自助服務
bureau-name = 示範市民政局
skip-to-content = 跳到主要內容
nav-language-label = 選擇語言
elder-mode-on = 長輩版（大字）
elder-mode-off = 返回標準版
footer-contact = 聯絡我們
footer-staff = 工作人員入口
footer-hotline = 政務服務便民熱線：12345
footer-note = 本網站免費辦理，不收取任何費用。請勿向任何人透露您的查詢碼。

## 首頁
home-heading = 民政服務，網上就能辦
home-intro = 查看能享受哪些救助，線上申請，預約婚姻登記，隨時查看辦理進度。
home-services-label = 服務列表
service-eligibility-title = 查一查能領哪些補助
service-eligibility-description = 回答幾個問題，看看您家能否享受低保、特困供養、臨時救助、殘疾人兩項補貼、高齡津貼等，以及大概能領多少、依據是什麼。無需登入。
service-apply-title = 申請社會救助
service-apply-description = 線上填寫申請，簽署誠信承諾書。申報情況與核對結果一致的，可以免去入戶調查，辦理時間更短。
service-marriage-title = 預約婚姻登記
service-marriage-description = 結婚登記、離婚登記、補領證件，可以預約全國任意一個婚姻登記處，不需要戶口簿。
service-track-title = 查詢辦理進度
service-track-description = 用受理編號和查詢碼，查看申請辦到了哪一步、什麼時候辦結。
home-help-title = 需要幫助？
home-help-body = 不會操作、看不懂，或者想問政策，可以給我們留言，工作人員會打電話回覆您。
home-help-link = 給民政局留言
staff-entry-title = 工作人員入口
staff-entry-link = 民政工作人員登入
staff-entry-description = 供鄉鎮（街道）和縣級民政工作人員受理、審核、公示和審批申請。

## 尚未開通的服務
pending-title = 本項服務暫未開通網上辦理
pending-body = 我們正在建設這項服務，開通前暫時不能在網上辦理。您仍然可以透過下面的方式辦理。
pending-alternatives-title = 現在可以這樣辦
pending-alternative-hall = 到戶籍地或居住地的鄉鎮（街道）便民服務大廳辦理
pending-alternative-phone = 撥打政務服務便民熱線 12345 諮詢
pending-alternative-contact = 在網上給民政局留言
back-home = 返回首頁

## 404
not-found-title = 找不到這個頁面
not-found-body = 網址可能輸錯了，或者頁面已經移走。請檢查網址，或者從首頁重新進入。

## 聯絡我們
contact-title = 給民政局留言
contact-intro = 請留下您的姓名和手機號碼，寫清楚想問的問題。工作人員會在工作時間打電話回覆您。
contact-name-label = 姓名
contact-name-hint = 請填寫您的真實姓名，例如：張三、阿依古麗·買買提
contact-mobile-label = 手機號碼
contact-mobile-hint = 11 位內地手機號碼，工作人員會打這個號碼聯絡您
contact-message-label = 留言內容
contact-message-hint = 最多 1000 字。請不要填寫身分證號碼、銀行卡號等資訊。
contact-submit = 提交留言
contact-sending = 正在提交…
contact-privacy = 您的手機號碼會加密保存，只用於回覆這則留言。
contact-sent-title = 留言已提交
contact-sent-reference = 您的留言編號
contact-sent-next-title = 接下來
contact-sent-next-body = 工作人員會在工作時間打電話回覆您。來電時請說出留言編號。如果一直沒有接到電話，可以撥打 12345 查詢。

## 通用錯誤
err-summary-title = 請先修改下面的問題
err-prefix = 錯誤：
err-title-prefix = 有錯誤：
err-request-malformed = 提交的內容無法識別，請重新整理頁面後重新填寫。
err-field-required = 請填寫此項
err-idempotency-key = 表單已過期，請重新整理頁面後重新提交。
err-idempotency-conflict = 這份表單已經提交過了。如需再次提交，請重新整理頁面重新填寫。
err-forbidden = 請求被拒絕。請直接在本網站上操作，不要從其他網站的連結提交。
err-rate-limited = 操作太頻繁，請稍等幾分鐘再試。
err-network = 網路連線失敗，請檢查網路後再按一次提交。您填寫的內容不會遺失。
err-internal = 系統出了點問題，請稍後再試。如需幫助，請撥打 12345 並告知錯誤編號：{ $ref }

## 手機號碼
err-mobile-empty = 請填寫手機號碼
err-mobile-invalid-character = 手機號碼只能包含數字
err-mobile-wrong-length = 手機號碼應為 11 位數字
err-mobile-not-mobile = 請填寫以 13 到 19 開頭的內地手機號碼

## 姓名
err-name-empty = 請填寫姓名
err-name-too-short = 請填寫完整的姓名
err-name-too-long = 姓名最多 { $max } 個字
err-name-invalid-character = 姓名只能包含漢字、字母和間隔號「·」
err-name-mixed-script = 姓名請只用漢字，或只用字母
err-name-misplaced-separator = 間隔號「·」只能寫在兩個字中間，而且不能連寫

## 留言內容
err-message-empty = 請填寫留言內容
err-message-too-long = 留言最多 { $max } 字，請刪減一些
err-message-invalid-character = 留言中有無法顯示的特殊字元，請刪除後重試

## 日期
err-date-empty = 請填寫日期
err-date-format = 請按「年-月-日」填寫，例如 2026-03-15
err-date-no-such-date = 沒有這一天，請檢查月份和日期

## 金額
err-money-empty = 請填寫金額，沒有請填 0
err-money-not-a-number = 金額只能填數字，例如 1200 或 1200.50
err-money-too-many-decimals = 金額最多保留兩位小數（到「分」）
err-money-negative = 金額不能是負數
err-money-too-large = 金額不能超過 { $max } 元，請檢查是否多輸了數字

## 身分證號碼
err-id-empty = 請填寫身分證號碼
err-id-wrong-length = 身分證號碼應為 18 位
err-id-invalid-character = 身分證號碼只能是數字，最後一位可以是 X
err-id-unknown-province = 身分證號碼前兩位不對，請核對
err-id-invalid-birth-date = 身分證號碼中的出生日期不存在，請核對
err-id-birth-date-in-future = 身分證號碼中的出生日期晚於今天，請核對
err-id-birth-date-too-early = 身分證號碼中的出生日期早於 1900 年，請核對
err-id-wrong-check-digit = 身分證號碼有誤，可能有數字輸錯了，請逐位核對

## 其他證件
doc-resident-id = 居民身分證
doc-hk-macao-permit = 港澳居民來往內地通行證
doc-taiwan-permit = 台灣居民來往大陸通行證
doc-residence-permit = 港澳台居民居住證
doc-permanent-residence = 外國人永久居留身分證
doc-foreign-passport = 外國護照
err-doc-empty = 請填寫證件號碼
err-doc-format-hk-macao = 通行證號碼以 H 或 M 開頭，後面是 8 位數字（可再加 2 位換證次數）
err-doc-format-taiwan = 台胞證號碼是 8 位數字
err-doc-format-residence-permit = 居住證號碼應為 18 位，最後一位可以是 X
err-doc-format-permanent-residence = 永久居留身分證號碼應為 18 位（以 9 開頭），舊版為 3 個字母加 12 位數字
err-doc-format-passport = 護照號碼應為 5 到 20 位字母或數字
err-doc-wrong-check-digit = 證件號碼有誤，可能有字元輸錯了，請逐位核對
err-doc-invalid-birth-date = 證件號碼中的出生日期不存在，請核對
err-doc-not-residence-permit = 港澳台居民居住證號碼以 810000、820000 或 830000 開頭
err-doc-country = 請選擇簽發護照的國家

## 行政區劃
err-region-empty = 請選擇所在地區
err-region-format = 地區代碼應為 6 位數字
err-region-unknown-province = 地區代碼的前兩位不是省份代碼
err-region-not-in-list = 沒有找到這個地區，請從清單中選擇

## 家庭成員
err-household-no-members = 請至少填寫一位家庭成員（申請人本人）
err-household-too-many-members = 家庭成員最多 { $max } 人，人數更多請到服務大廳辦理
err-household-applicant-position = 第一位成員應是申請人本人，其他成員請選擇與申請人的關係
err-household-relation = 請選擇與申請人的關係
err-household-birth-date-mismatch = 出生日期與身分證號碼中的不一致，請核對
err-household-birth-date-in-future = 出生日期不能晚於今天
err-household-birth-date-too-early = 出生日期不能早於 1900 年，請檢查年份
err-household-income-kind = 請選擇收入類型
err-household-income-period = 請選擇是每月還是每年的金額
err-household-too-many-income-items = 每人最多填寫 { $max } 項收入，請合併同類收入
err-household-disability-category = 請選擇殘疾類別
err-household-disability-level = 殘疾等級應為一級到四級
err-household-disability-number = 殘疾人證號應為 20 位：身分證號碼加殘疾類別和等級
err-household-disability-holder = 殘疾人證號與這位成員的身分證號碼不一致
err-household-work-status-missing = 請選擇這位成員目前的主要情況
err-household-work-status-unknown = 請從清單中選擇這位成員目前的主要情況
err-household-school-stage = 請選擇在讀學段
err-household-yes-no = 請選擇「能」或「不能」
err-household-count = 請填寫 0 到 { $max } 之間的整數

## 婚姻登記當事人
err-marriage-service = 請選擇要辦理的業務
err-marriage-document-kind = 請選擇證件類型
err-marriage-sex = 請選擇證件上的性別
err-marriage-same-person = 兩位當事人填成了同一個人，請核對另一方的證件號碼
err-marriage-sexes = 結婚登記的雙方應為一男一女，請核對證件號碼
err-marriage-under-age = 登記當天還未滿法定婚齡 { $min } 週歲，{ $date } 起可以登記

## 上傳材料
err-document-empty = 這個檔案是空的，請重新選擇
err-document-too-large = 檔案不能超過 { $max } MB，請拍照上傳或壓縮後再傳
err-document-unsupported-type = 只能上傳照片（JPG、PNG、WebP）或 PDF 檔案
err-document-disguised = 檔案內容與檔名不符，無法上傳。請直接拍照或選擇原始檔案

## 資格測算：原因與依據
elig-reason-no-standard = 當地低保標準暫未錄入本系統，需要由工作人員確認
elig-reason-income-not-below = 家庭人均月收入 { $income } 元，不低於當地低保標準 { $standard } 元
elig-reason-income-below = 家庭人均月收入 { $income } 元，低於當地低保標準 { $standard } 元
elig-reason-amount-dibao = 按標準 { $standard } 元 × { $size } 人，減去家庭月收入 { $income } 元，每月約 { $amount } 元
elig-reason-excluded-income = 優待撫卹金、獎學金、政府救助款、城鄉居民基礎養老金等不計入家庭收入
elig-reason-rule-dibao = 低保要求家庭人均收入低於當地低保標準，並且家庭財產符合當地規定
elig-reason-assets-financial = 家庭存款和有價證券共 { $amount } 元，超過當地上限 { $limit } 元（人均 { $months } 個月的低保標準）
elig-reason-assets-property = 家庭住房超過 { $max } 套，或者有商鋪等非住宅房產
elig-reason-assets-vehicle = 家庭有機動車（殘疾人代步車、摩托車、電動自行車除外）
elig-reason-assets-business = 家庭成員辦有營業執照（工商登記）
elig-reason-edge-dibao-instead = 您家可能符合低保條件，請直接申請低保
elig-reason-edge-income = 家庭人均月收入 { $income } 元，不低於低保標準的 { $ratio } 倍（{ $limit } 元）
elig-reason-edge-below = 家庭人均月收入 { $income } 元，低於低保標準的 { $ratio } 倍（{ $limit } 元）
elig-reason-edge-benefits = 低保邊緣家庭不發低保金，但可以享受醫療、教育、住房等專項救助
elig-reason-tekun-can-work = 申請人 { $age } 週歲，沒有規定的殘疾，按規定屬於有勞動能力
elig-reason-tekun-income = 申請人本人月收入 { $income } 元，不低於當地低保標準 { $standard } 元
elig-reason-tekun-supporter = 有負有贍養、撫養或扶養義務的人，並且有能力履行義務
elig-fact-supporter = 還需要知道：有沒有負有贍養、撫養或扶養義務的人，他們是否有能力供養申請人
elig-reason-no-local-amount = 當地的補助金額暫未錄入本系統，需要由工作人員確認
elig-reason-tekun-conditions = 申請人 { $age } 週歲，無勞動能力、無生活來源，也沒有有能力的法定義務人
elig-reason-tekun-basic = 基本生活標準每月 { $amount } 元
elig-reason-tekun-care = 有 { $unable } 項日常生活活動不能自理，照料護理標準每月 { $amount } 元
elig-reason-temporary-review = 遇到突發困難或難以承受的必需支出，由工作人員核實後確定救助金額
elig-reason-temporary-review-cap = 遇到突發困難或難以承受的必需支出，由工作人員核實後確定救助金額，當地一般不超過 { $cap } 元
elig-fact-hardship = 還需要知道：最近有沒有遇到突發事件，或者有沒有難以承受的醫療、教育等必需支出
elig-reason-temporary-none = 最近沒有遇到突發困難，也沒有難以承受的必需支出
elig-reason-no-disability = 家中沒有持殘疾人證的成員
elig-reason-living-needs-dibao = 困難殘疾人生活補貼發給低保家庭中的殘疾人
elig-reason-living-needs-dibao-or-edge = 困難殘疾人生活補貼發給低保家庭或低保邊緣家庭中的殘疾人
elig-reason-living-amount = { $count } 人 × 每人每月 { $each } 元，共 { $amount } 元
elig-reason-living-tekun = 特困人員已按供養標準保障，不再另發困難殘疾人生活補貼
elig-reason-care-level = 重度殘疾人護理補貼發給一級、二級殘疾人
elig-reason-care-level-extended = 護理補貼發給一級、二級殘疾人，以及三級、四級智力或精神殘疾人
elig-reason-care-not-needed = 殘疾人不需要長期照護
elig-fact-long-term-care = 還需要知道：殘疾人是否需要長期照護
elig-reason-care-amount = { $count } 人 × 每人每月 { $each } 元，共 { $amount } 元
elig-reason-elderly-age = 家中沒有 { $age } 週歲以上的老人
elig-reason-elderly-band = { $age } 週歲，按 { $band } 週歲以上標準，每月 { $amount } 元
elig-reason-no-child = 家中沒有未滿 18 週歲的孩子
elig-reason-child-amount = { $count } 個孩子 × 每人每月 { $each } 元，共 { $amount } 元
elig-fact-parents = 還需要知道：孩子父母的情況
elig-reason-fact-orphan-is-orphan = 孩子父母雙亡或查找不到，按孤兒保障
elig-reason-orphan-parents = 孩子父母的情況不屬於孤兒
elig-reason-fact-orphan-parents = 孩子父母的情況不屬於事實無人撫養兒童
elig-reason-adaptation-household = 適老化改造補助面向低保家庭和特困人員
elig-reason-adaptation-member = 家中沒有 60 週歲以上的高齡、殘疾或不能自理的老人
elig-reason-adaptation-amount = 每戶補助 { $amount } 元

## Eligibility screener (/eligibility)
scr-intro = 回答幾組簡短的問題，大約需要 5 分鐘。不用登入，不用填姓名和身份證號。結果會告訴您可能符合哪些救助、大概能領多少，以及依據的政策條文。
scr-privacy = 您的回答只用於這次測算，不會儲存。點「現在申請」時，回答會帶到申請表裡，由您核對後再提交。
err-screener-region-missing = 請選擇您戶籍所在的縣（市、區）
err-screener-area = 請選擇城市或農村
err-screener-answer = 請選擇一個答案
scr-progress = 第 { $n } 步，共 { $total } 步
scr-continue = 繼續
scr-back = 返回上一步
scr-see-results = 查看結果
scr-step-place = 您的戶籍在哪裡
scr-step-people = 家裡有哪些人
scr-step-income = 家庭收入
scr-step-assets = 家庭財產
scr-step-care = 生活能不能自理
scr-step-situation = 家裡的特殊情況
scr-step-results = 初步結果
scr-region-label = 戶籍所在地
scr-region-query-label = 戶籍所在的縣（市、區）
scr-region-hint = 輸入名稱查找，例如「陽西」或「勐臘」
scr-region-search = 查找
scr-region-matches = 請選擇您戶籍所在的地方
scr-region-none = 沒有找到「{ $query }」，請換一個寫法，例如只寫「陽西」
scr-region-quick = 本系統已錄入當地低保標準的地方
scr-area-label = 戶籍是城鎮還是農村
scr-area-hint = 決定適用城市低保標準還是農村低保標準。拿不準可以看戶口簿，或者問社區（村）
scr-area-urban = 城鎮
scr-area-rural = 農村
scr-people-hint = 填寫和您一起生活、共同過日子的家人：配偶、未成年子女、一起生活的父母和成年子女等。不用填姓名。
scr-person-you = 您本人
scr-person-n = 第 { $n } 位家庭成員
scr-relation-label = 和您的關係
scr-relation-spouse = 配偶
scr-relation-child = 子女
scr-relation-parent = 父母
scr-relation-child_in_law = 兒媳或女婿
scr-relation-parent_in_law = 公婆或岳父母
scr-relation-sibling = 兄弟姐妹
scr-relation-grandparent = 祖父母或外祖父母
scr-relation-grandchild = 孫子女或外孫子女
scr-relation-other = 其他
scr-birth-label = 出生日期
scr-birth-hint = 例如 1958-03-01
scr-work-label = 現在主要做什麼
scr-work-employed = 在單位上班或打工
scr-work-self_employed = 個體經營
scr-work-farming = 務農
scr-work-unemployed = 有勞動能力但沒有工作
scr-work-retired = 已退休
scr-work-unable_to_work = 因病、殘等沒有勞動能力
scr-work-student = 在上學
scr-work-child = 學齡前兒童
scr-work-incarcerated = 正在服刑或被強制隔離
scr-work-religious_living_apart = 宗教教職人員，離家三年以上
scr-stage-label = 學段（在上學時選擇）
scr-stage-preschool = 幼兒園
scr-stage-compulsory = 小學或初中
scr-stage-high_school = 普通高中
scr-stage-vocational = 中職
scr-stage-undergraduate = 大專或本科
scr-stage-postgraduate = 研究生
scr-disability-label = 殘疾人證
scr-disability-none = 沒有殘疾人證
scr-disability-visual = 視力殘疾
scr-disability-hearing = 聽力殘疾
scr-disability-speech = 言語殘疾
scr-disability-physical = 肢體殘疾
scr-disability-intellectual = 智力殘疾
scr-disability-mental = 精神殘疾
scr-disability-multiple = 多重殘疾
scr-level-label = 殘疾等級（有殘疾人證時選擇）
scr-level-n = { $n } 級
scr-choose = 請選擇
scr-add-person = 添加一位家庭成員
scr-remove-person = 刪除這位成員
scr-income-hint = 填寫每個人最近的收入，沒有的空著。種地、做生意按扣除成本後的淨收入填寫，可以按月或按年填。
scr-income-wage = 工資、打工收入
scr-income-business = 種地、養殖、做生意的淨收入
scr-income-pension = 職工養老金、退休金
scr-income-basic_resident_pension = 城鄉居民養老保險基礎養老金
scr-income-other = 其他收入（房租、利息、贍養費等）
scr-period-label = 按月還是按年
scr-period-monthly = 每月
scr-period-yearly = 每年
scr-amount-unit = 元
scr-assets-hint = 填寫全家人的財產，沒有的空著或填 0。
scr-asset-deposits = 全家存款
scr-asset-securities = 股票、基金、理財產品、商業保險
scr-asset-residential_properties = 住房（套）
scr-asset-non_residential_properties = 商鋪、廠房等非住宅房產（處）
scr-asset-motor_vehicles = 汽車等機動車（輛，不算殘疾人代步車、摩托車、電動自行車）
scr-asset-business_registrations = 營業執照（個）
scr-care-hint = 下面的問題只問 60 週歲以上的老人和有殘疾人證的家人。
scr-care-person = { $person }能不能自己做這些事
scr-adl-eating = 喫飯
scr-adl-dressing = 穿衣
scr-adl-getting_in_and_out_of_bed = 上下牀
scr-adl-toileting = 上廁所
scr-adl-walking_indoors = 在室內走動
scr-adl-bathing = 洗澡
scr-adl-can = 能自己做
scr-adl-cannot = 需要別人幫
scr-situation-hint = 這些情況只有您清楚。拿不準就選「不確定」，結果裡會說明還需要了解什麼。
scr-emergency-label = 最近有沒有因為火災、交通事故、突發重病等，家裡基本生活一下子有困難？
scr-spending-label = 有沒有看病、上學等必需的開支，超出了家裡能承受的範圍？
scr-supporter-label = 有沒有負有贍養、撫養或扶養義務，並且有能力供養您的人（例如有穩定收入的成年子女）？
scr-long-term-care-label = 家裡的重度殘疾人是否需要長期照護？
scr-parents-label = 家裡未滿 18 週歲孩子的父母是什麼情況？
scr-parents-not_applicable = 父母在家撫養孩子
scr-parents-both_deceased_or_unknown = 父母都已去世，或者查找不到
scr-parents-one_deceased_other_unable = 一方去世或失蹤，另一方重殘、重病、服刑等無法撫養
scr-parents-both_unable = 父母雙方都因重殘、重病、服刑、失聯等無法撫養
scr-parents-not_sure = 不確定
scr-yes = 是
scr-no = 否
scr-not-sure = 不確定
scr-results-basis = 按 { $region } { $date } 執行的政策初步測算
scr-results-disclaimer = 這是根據您的回答作出的初步判斷，不是審批結果。能否享受、金額多少，以民政部門審覈確認為準。
scr-results-checking = 正在和服務器核對結果…
scr-group-eligible = 可能符合
scr-group-needs-info = 還需要了解
scr-group-review = 需要工作人員覈實
scr-group-ineligible = 暫不符合
scr-amount-monthly = 每月約 { $amount } 元
scr-amount-one-off = 一次性約 { $amount } 元
scr-amount-none = 不發現金，可以享受相關救助
scr-rule = 依據
scr-apply-now = 現在申請
scr-apply-hint = 您的回答會帶到申請表裡，提交前還可以修改。
scr-change = 修改回答
scr-live-title = 按目前的回答，可能符合
scr-live-none = 暫時沒有可能符合的項目，請繼續回答
scr-loading-rules = 正在讀取當地政策…
elig-program-dibao = 最低生活保障（低保）
elig-program-dibao_edge = 低保邊緣家庭
elig-program-tekun = 特困人員救助供養
elig-program-temporary = 臨時救助
elig-program-disability_living = 困難殘疾人生活補貼
elig-program-disability_care = 重度殘疾人護理補貼
elig-program-elderly_allowance = 高齡津貼
elig-program-orphan = 孤兒基本生活費
elig-program-fact_orphan = 事實無人撫養兒童基本生活費
elig-program-home_adaptation = 特殊困難老年人家庭適老化改造
apply-carried = 已收到您在「查一查」中的回答：{ $people } 位家庭成員，{ $region }。線上申請開通後，申請表會從這些回答開始填寫。

## Application for assistance: field errors
err-app-program-missing = 請至少選擇一項要申請的救助
err-app-program-unknown = 沒有這一項救助，請從列表中選擇
err-app-apply-at-missing = 請選擇在戶籍地還是居住地申請
err-app-residence-permit = 請填寫居住證號碼（只含字母和數字）
err-app-region-missing = 請選擇申請地的縣（市、區）
err-app-area-missing = 請選擇城市或農村
err-app-member-name-missing = 請填寫這位家庭成員的姓名
err-app-member-id-missing = 請填寫這位家庭成員的身分證號碼
err-app-member-id-duplicate = 這個身分證號碼已經填過了，請檢查
err-app-hardship-missing = 請簡要說明家庭遇到的困難
err-app-hardship-too-long = 請控制在 { $max } 個字以內
err-app-too-many-documents = 最多上傳 { $max } 份材料
err-app-document-reference = 材料編號無效，請重新上傳
err-app-document-unknown = 有材料沒有找到或已用於其他申請，請重新上傳
err-app-notice-not-read = 請閱讀《社會救助申請告知書》後勾選確認
err-app-commitment-version = 承諾書內容已更新，請重新閱讀並簽名
err-app-signature-missing = 這位家庭成員還沒有簽名
err-app-signature-name-mismatch = 輸入的姓名與簽名人的姓名不一致
err-app-signature-not-drawn = 請在簽名框內寫下簽名
err-app-signature-unreadable = 簽名無法辨識，請清除後重新簽
err-app-signature-too-complex = 簽名筆畫太多，請清除後重新簽
err-app-signer-invalid = 未滿 18 歲的家庭成員由監護人代簽
err-app-guardian-invalid = 請選擇一位本人已簽名的成年家庭成員作為監護人
err-track-not-found = 申請編號或查詢碼不正確，請核對後重新輸入
err-draft-not-found = 續填碼或身分證號碼不正確，請核對後重新輸入

## Tracking (/track)
app-program-disability_allowances = 殘疾人兩項補貼
track-intro = 輸入提交申請時得到的申請編號和查詢碼，查看申請辦到了哪一步、什麼時候辦結。查詢碼只在提交時顯示一次，請妥善保存。
track-number-label = 申請編號
track-number-hint = 例如 SQ20261123-7K3M9P，不區分大小寫
track-code-label = 查詢碼
track-code-hint = 8 位字母和數字
track-submit = 查詢
track-result-title = 申請 { $number } 的辦理進度
track-programs = 申請事項
track-procedure = 辦理方式
track-procedure-commitment = 誠信承諾簡化辦理（申報情況與核對結果基本一致的，不再入戶調查和民主評議，一般約 15 個工作日）
track-procedure-standard = 一般程序
track-submitted-on = 提交日期
track-deadline = 法定辦理時限：受理之日起 { $days } 個工作日內作出決定。按提交當日受理計算，最遲 { $date }（已按國務院公布的法定節假日和調休安排計算）。
track-deadline-provisional = 法定辦理時限：受理之日起 { $days } 個工作日內作出決定。按提交當日受理計算，約為 { $date }；下一年度的節假日安排公布後，這個日期可能調整。
track-done = 已完成
track-current = 進行中
track-pending = 未開始
track-step-submitted = 提交申請
track-step-submitted-text = 您已在網上提交申請、承諾書和核對授權書。
track-step-accepted = 受理
track-step-accepted-text = 鄉鎮人民政府（街道辦事處）審查材料：齊全的予以受理；不齊全的，一次性告知需要補充的全部材料。
track-step-econ_check = 家庭經濟狀況核對
track-step-econ_check-text = 通過居民家庭經濟狀況核對平臺核對收入和財產。與您申報的情況基本一致的，不再入戶調查和民主評議。
track-step-public_notice = 公示
track-step-public_notice-text = 初審意見在您所在的村（社區）公示 7 天，只公示必要資訊。
track-step-decided = 審核確認
track-step-decided-text = 作出決定。批准的，從決定的次月起發放；不批准的，書面告知理由。
track-appeal-title = 對決定不服怎麼辦
track-appeal = 可以自知道該決定之日起 60 日內申請行政復議，或者自知道之日起 6 個月內向人民法院提起行政訴訟。

## The commitment documents (/apply/commitments)
apply-read-commitments = 先看看申請時需要簽署的三份文書
commitments-title = 申請時需要簽署的文書
commitments-intro = 申請社會救助時，需要閱讀《社會救助申請告知書》，由每位成年家庭成員簽署《承諾書》和《申請救助家庭經濟狀況核對授權書》（未成年人由監護人代簽）。下面是全文，可以先讀一讀，也可以列印出來。
commitments-original-note = 以下文書為簡體中文原文，簽署以原文為準。
commitments-version = 文本版本
commitments-sha256 = 文本指紋（SHA-256）
commitments-hash-hint = 每一個簽名都會連同文本版本和這個指紋一起保存，證明簽署的正是這份文本。
commitments-back = 返回申請社會救助
