# 简体中文（默认）。面向群众的文字：短句、口语、先说结论。

## 站点
site-title = 民政自助服务
bureau-name = 示范市民政局
skip-to-content = 跳到主要内容
nav-language-label = 选择语言
elder-mode-on = 长辈版（大字）
elder-mode-off = 返回标准版
footer-contact = 联系我们
footer-staff = 工作人员入口
footer-hotline = 政务服务便民热线：12345
footer-note = 本网站免费办理，不收取任何费用。请勿向任何人透露您的查询码。

## 首页
home-heading = 民政服务，网上就能办
home-intro = 查看能享受哪些救助，在线申请，预约婚姻登记，随时查看办理进度。
home-services-label = 服务列表
service-eligibility-title = 查一查能领哪些补助
service-eligibility-description = 回答几个问题，看看您家能否享受低保、特困供养、临时救助、残疾人两项补贴、高龄津贴等，以及大概能领多少、依据是什么。无需登录。
service-apply-title = 申请社会救助
service-apply-description = 在线填写申请，签署诚信承诺书。申报情况与核对结果一致的，可以免去入户调查，办理时间更短。
service-marriage-title = 预约婚姻登记
service-marriage-description = 结婚登记、离婚登记、补领证件，可以预约全国任意一个婚姻登记处，不需要户口簿。
service-track-title = 查询办理进度
service-track-description = 用受理编号和查询码，查看申请办到了哪一步、什么时候办结。
home-help-title = 需要帮助？
home-help-body = 不会操作、看不懂，或者想问政策，可以给我们留言，工作人员会打电话回复您。
home-help-link = 给民政局留言
staff-entry-title = 工作人员入口
staff-entry-link = 民政工作人员登录
staff-entry-description = 供乡镇（街道）和县级民政工作人员受理、审核、公示和审批申请。

## 尚未开通的服务
pending-title = 本项服务暂未开通网上办理
pending-body = 我们正在建设这项服务，开通前暂时不能在网上办理。您仍然可以通过下面的方式办理。
pending-alternatives-title = 现在可以这样办
pending-alternative-hall = 到户籍地或居住地的乡镇（街道）便民服务大厅办理
pending-alternative-phone = 拨打政务服务便民热线 12345 咨询
pending-alternative-contact = 在网上给民政局留言
back-home = 返回首页

## 404
not-found-title = 找不到这个页面
not-found-body = 网址可能输错了，或者页面已经移走。请检查网址，或者从首页重新进入。

## 联系我们
contact-title = 给民政局留言
contact-intro = 请留下您的姓名和手机号码，写清楚想问的问题。工作人员会在工作时间打电话回复您。
contact-name-label = 姓名
contact-name-hint = 请填写您的真实姓名，例如：张三、阿依古丽·买买提
contact-mobile-label = 手机号码
contact-mobile-hint = 11 位手机号码，工作人员会打这个号码联系您
contact-message-label = 留言内容
contact-message-hint = 最多 1000 字。请不要填写身份证号码、银行卡号等信息。
contact-submit = 提交留言
contact-sending = 正在提交…
contact-privacy = 您的手机号码会加密保存，只用于回复这条留言。
contact-sent-title = 留言已提交
contact-sent-reference = 您的留言编号
contact-sent-next-title = 接下来
contact-sent-next-body = 工作人员会在工作时间打电话回复您。来电时请说出留言编号。如果一直没有接到电话，可以拨打 12345 查询。

## 通用错误
err-summary-title = 请先修改下面的问题
err-prefix = 错误：
err-title-prefix = 有错误：
err-request-malformed = 提交的内容无法识别，请刷新页面后重新填写。
err-field-required = 请填写此项
err-idempotency-key = 表单已过期，请刷新页面后重新提交。
err-idempotency-conflict = 这份表单已经提交过了。如需再次提交，请刷新页面重新填写。
err-forbidden = 请求被拒绝。请直接在本网站上操作，不要从其他网站的链接提交。
err-rate-limited = 操作太频繁，请稍等几分钟再试。
err-network = 网络连接失败，请检查网络后再点一次提交。您填写的内容不会丢失。
err-internal = 系统出了点问题，请稍后再试。如需帮助，请拨打 12345 并告知错误编号：{ $ref }

## 手机号码
err-mobile-empty = 请填写手机号码
err-mobile-invalid-character = 手机号码只能包含数字
err-mobile-wrong-length = 手机号码应为 11 位数字
err-mobile-not-mobile = 请填写以 13 到 19 开头的手机号码

## 姓名
err-name-empty = 请填写姓名
err-name-too-short = 请填写完整的姓名
err-name-too-long = 姓名最多 { $max } 个字
err-name-invalid-character = 姓名只能包含汉字、字母和间隔号“·”
err-name-mixed-script = 姓名请只用汉字，或只用字母
err-name-misplaced-separator = 间隔号“·”只能写在两个字中间，而且不能连写

## 留言内容
err-message-empty = 请填写留言内容
err-message-too-long = 留言最多 { $max } 字，请删减一些
err-message-invalid-character = 留言中有无法显示的特殊字符，请删除后重试

## 日期
err-date-empty = 请填写日期
err-date-format = 请按“年-月-日”填写，例如 2026-03-15
err-date-no-such-date = 没有这一天，请检查月份和日期

## 金额
err-money-empty = 请填写金额，没有请填 0
err-money-not-a-number = 金额只能填数字，例如 1200 或 1200.50
err-money-too-many-decimals = 金额最多保留两位小数（到“分”）
err-money-negative = 金额不能是负数
err-money-too-large = 金额不能超过 { $max } 元，请检查是否多输了数字

## 身份证号码
err-id-empty = 请填写身份证号码
err-id-wrong-length = 身份证号码应为 18 位
err-id-invalid-character = 身份证号码只能是数字，最后一位可以是 X
err-id-unknown-province = 身份证号码前两位不对，请核对
err-id-invalid-birth-date = 身份证号码中的出生日期不存在，请核对
err-id-birth-date-in-future = 身份证号码中的出生日期晚于今天，请核对
err-id-birth-date-too-early = 身份证号码中的出生日期早于 1900 年，请核对
err-id-wrong-check-digit = 身份证号码有误，可能有数字输错了，请逐位核对

## 其他证件
doc-resident-id = 居民身份证
doc-hk-macao-permit = 港澳居民来往内地通行证
doc-taiwan-permit = 台湾居民来往大陆通行证
doc-residence-permit = 港澳台居民居住证
doc-permanent-residence = 外国人永久居留身份证
doc-foreign-passport = 外国护照
err-doc-empty = 请填写证件号码
err-doc-format-hk-macao = 通行证号码以 H 或 M 开头，后面是 8 位数字（可再加 2 位换证次数）
err-doc-format-taiwan = 台胞证号码是 8 位数字
err-doc-format-residence-permit = 居住证号码应为 18 位，最后一位可以是 X
err-doc-format-permanent-residence = 永久居留身份证号码应为 18 位（以 9 开头），旧版为 3 个字母加 12 位数字
err-doc-format-passport = 护照号码应为 5 到 20 位字母或数字
err-doc-wrong-check-digit = 证件号码有误，可能有字符输错了，请逐位核对
err-doc-invalid-birth-date = 证件号码中的出生日期不存在，请核对
err-doc-not-residence-permit = 港澳台居民居住证号码以 810000、820000 或 830000 开头
err-doc-country = 请选择签发护照的国家

## 行政区划
err-region-empty = 请选择所在地区
err-region-format = 地区代码应为 6 位数字
err-region-unknown-province = 地区代码的前两位不是省份代码
err-region-not-in-list = 没有找到这个地区，请从列表中选择

## 家庭成员
err-household-no-members = 请至少填写一位家庭成员（申请人本人）
err-household-too-many-members = 家庭成员最多 { $max } 人，人数更多请到服务大厅办理
err-household-applicant-position = 第一位成员应是申请人本人，其他成员请选择与申请人的关系
err-household-relation = 请选择与申请人的关系
err-household-birth-date-mismatch = 出生日期与身份证号码中的不一致，请核对
err-household-birth-date-in-future = 出生日期不能晚于今天
err-household-birth-date-too-early = 出生日期不能早于 1900 年，请检查年份
err-household-income-kind = 请选择收入类型
err-household-income-period = 请选择是每月还是每年的金额
err-household-too-many-income-items = 每人最多填写 { $max } 项收入，请合并同类收入
err-household-disability-category = 请选择残疾类别
err-household-disability-level = 残疾等级应为一级到四级
err-household-disability-number = 残疾人证号应为 20 位：身份证号码加残疾类别和等级
err-household-disability-holder = 残疾人证号与这位成员的身份证号码不一致
err-household-work-status-missing = 请选择这位成员目前的主要情况
err-household-work-status-unknown = 请从列表中选择这位成员目前的主要情况
err-household-school-stage = 请选择在读学段
err-household-yes-no = 请选择“能”或“不能”
err-household-count = 请填写 0 到 { $max } 之间的整数

## 婚姻登记当事人
err-marriage-service = 请选择要办理的业务
err-marriage-document-kind = 请选择证件类型
err-marriage-sex = 请选择证件上的性别
err-marriage-same-person = 两位当事人填成了同一个人，请核对另一方的证件号码
err-marriage-sexes = 结婚登记的双方应为一男一女，请核对证件号码
err-marriage-under-age = 登记当天还不满法定婚龄 { $min } 周岁，{ $date } 起可以登记

## 上传材料
err-document-empty = 这个文件是空的，请重新选择
err-document-too-large = 文件不能超过 { $max } MB，请拍照上传或压缩后再传
err-document-unsupported-type = 只能上传照片（JPG、PNG、WebP）或 PDF 文件
err-document-disguised = 文件内容与文件名不符，无法上传。请直接拍照或选择原始文件

## 资格测算：原因与依据
elig-reason-no-standard = 当地低保标准暂未录入本系统，需要由工作人员确认
elig-reason-income-not-below = 家庭人均月收入 { $income } 元，不低于当地低保标准 { $standard } 元
elig-reason-income-below = 家庭人均月收入 { $income } 元，低于当地低保标准 { $standard } 元
elig-reason-amount-dibao = 按标准 { $standard } 元 × { $size } 人，减去家庭月收入 { $income } 元，每月约 { $amount } 元
elig-reason-excluded-income = 优待抚恤金、奖学金、政府救助款、城乡居民基础养老金等不计入家庭收入
elig-reason-rule-dibao = 低保要求家庭人均收入低于当地低保标准，并且家庭财产符合当地规定
elig-reason-assets-financial = 家庭存款和有价证券共 { $amount } 元，超过当地上限 { $limit } 元（人均 { $months } 个月的低保标准）
elig-reason-assets-property = 家庭住房超过 { $max } 套，或者有商铺等非住宅房产
elig-reason-assets-vehicle = 家庭有机动车（残疾人代步车、摩托车、电动自行车除外）
elig-reason-assets-business = 家庭成员办有营业执照（工商登记）
elig-reason-edge-dibao-instead = 您家可能符合低保条件，请直接申请低保
elig-reason-edge-income = 家庭人均月收入 { $income } 元，不低于低保标准的 { $ratio } 倍（{ $limit } 元）
elig-reason-edge-below = 家庭人均月收入 { $income } 元，低于低保标准的 { $ratio } 倍（{ $limit } 元）
elig-reason-edge-benefits = 低保边缘家庭不发低保金，但可以享受医疗、教育、住房等专项救助
elig-reason-tekun-can-work = 申请人 { $age } 周岁，没有规定的残疾，按规定属于有劳动能力
elig-reason-tekun-income = 申请人本人月收入 { $income } 元，不低于当地低保标准 { $standard } 元
elig-reason-tekun-supporter = 有负有赡养、抚养或扶养义务的人，并且有能力履行义务
elig-fact-supporter = 还需要知道：有没有负有赡养、抚养或扶养义务的人，他们是否有能力供养申请人
elig-reason-no-local-amount = 当地的补助金额暂未录入本系统，需要由工作人员确认
elig-reason-tekun-conditions = 申请人 { $age } 周岁，无劳动能力、无生活来源，也没有有能力的法定义务人
elig-reason-tekun-basic = 基本生活标准每月 { $amount } 元
elig-reason-tekun-care = 有 { $unable } 项日常生活活动不能自理，照料护理标准每月 { $amount } 元
elig-reason-temporary-review = 遇到突发困难或难以承受的必需支出，由工作人员核实后确定救助金额
elig-reason-temporary-review-cap = 遇到突发困难或难以承受的必需支出，由工作人员核实后确定救助金额，当地一般不超过 { $cap } 元
elig-fact-hardship = 还需要知道：最近有没有遇到突发事件，或者有没有难以承受的医疗、教育等必需支出
elig-reason-temporary-none = 最近没有遇到突发困难，也没有难以承受的必需支出
elig-reason-no-disability = 家中没有持残疾人证的成员
elig-reason-living-needs-dibao = 困难残疾人生活补贴发给低保家庭中的残疾人
elig-reason-living-needs-dibao-or-edge = 困难残疾人生活补贴发给低保家庭或低保边缘家庭中的残疾人
elig-reason-living-amount = { $count } 人 × 每人每月 { $each } 元，共 { $amount } 元
elig-reason-living-tekun = 特困人员已按供养标准保障，不再另发困难残疾人生活补贴
elig-reason-care-level = 重度残疾人护理补贴发给一级、二级残疾人
elig-reason-care-level-extended = 护理补贴发给一级、二级残疾人，以及三级、四级智力或精神残疾人
elig-reason-care-not-needed = 残疾人不需要长期照护
elig-fact-long-term-care = 还需要知道：残疾人是否需要长期照护
elig-reason-care-amount = { $count } 人 × 每人每月 { $each } 元，共 { $amount } 元
elig-reason-elderly-age = 家中没有 { $age } 周岁以上的老人
elig-reason-elderly-band = { $age } 周岁，按 { $band } 周岁以上标准，每月 { $amount } 元
elig-reason-no-child = 家中没有未满 18 周岁的孩子
elig-reason-child-amount = { $count } 个孩子 × 每人每月 { $each } 元，共 { $amount } 元
elig-fact-parents = 还需要知道：孩子父母的情况
elig-reason-fact-orphan-is-orphan = 孩子父母双亡或查找不到，按孤儿保障
elig-reason-orphan-parents = 孩子父母的情况不属于孤儿
elig-reason-fact-orphan-parents = 孩子父母的情况不属于事实无人抚养儿童
elig-reason-adaptation-household = 适老化改造补助面向低保家庭和特困人员
elig-reason-adaptation-member = 家中没有 60 周岁以上的高龄、残疾或不能自理的老人
elig-reason-adaptation-amount = 每户补助 { $amount } 元

## Eligibility screener (/eligibility)
scr-intro = 回答几组简短的问题，大约需要 5 分钟。不用登录，不用填姓名和身份证号。结果会告诉您可能符合哪些救助、大概能领多少，以及依据的政策条文。
scr-privacy = 您的回答只用于这次测算，不会保存。点“现在申请”时，回答会带到申请表里，由您核对后再提交。
err-screener-region-missing = 请选择您户籍所在的县（市、区）
err-screener-area = 请选择城市或农村
err-screener-answer = 请选择一个答案
scr-progress = 第 { $n } 步，共 { $total } 步
scr-continue = 继续
scr-back = 返回上一步
scr-see-results = 查看结果
scr-step-place = 您的户籍在哪里
scr-step-people = 家里有哪些人
scr-step-income = 家庭收入
scr-step-assets = 家庭财产
scr-step-care = 生活能不能自理
scr-step-situation = 家里的特殊情况
scr-step-results = 初步结果
scr-region-label = 户籍所在地
scr-region-query-label = 户籍所在的县（市、区）
scr-region-hint = 输入名称查找，例如“阳西”或“勐腊”
scr-region-search = 查找
scr-region-matches = 请选择您户籍所在的地方
scr-region-none = 没有找到“{ $query }”，请换一个写法，例如只写“阳西”
scr-region-quick = 本系统已录入当地低保标准的地方
scr-area-label = 户籍是城镇还是农村
scr-area-hint = 决定适用城市低保标准还是农村低保标准。拿不准可以看户口簿，或者问社区（村）
scr-area-urban = 城镇
scr-area-rural = 农村
scr-people-hint = 填写和您一起生活、共同过日子的家人：配偶、未成年子女、一起生活的父母和成年子女等。不用填姓名。
scr-person-you = 您本人
scr-person-n = 第 { $n } 位家庭成员
scr-relation-label = 和您的关系
scr-relation-spouse = 配偶
scr-relation-child = 子女
scr-relation-parent = 父母
scr-relation-child_in_law = 儿媳或女婿
scr-relation-parent_in_law = 公婆或岳父母
scr-relation-sibling = 兄弟姐妹
scr-relation-grandparent = 祖父母或外祖父母
scr-relation-grandchild = 孙子女或外孙子女
scr-relation-other = 其他
scr-birth-label = 出生日期
scr-birth-hint = 例如 1958-03-01
scr-work-label = 现在主要做什么
scr-work-employed = 在单位上班或打工
scr-work-self_employed = 个体经营
scr-work-farming = 务农
scr-work-unemployed = 有劳动能力但没有工作
scr-work-retired = 已退休
scr-work-unable_to_work = 因病、残等没有劳动能力
scr-work-student = 在上学
scr-work-child = 学龄前儿童
scr-work-incarcerated = 正在服刑或被强制隔离
scr-work-religious_living_apart = 宗教教职人员，离家三年以上
scr-stage-label = 学段（在上学时选择）
scr-stage-preschool = 幼儿园
scr-stage-compulsory = 小学或初中
scr-stage-high_school = 普通高中
scr-stage-vocational = 中职
scr-stage-undergraduate = 大专或本科
scr-stage-postgraduate = 研究生
scr-disability-label = 残疾人证
scr-disability-none = 没有残疾人证
scr-disability-visual = 视力残疾
scr-disability-hearing = 听力残疾
scr-disability-speech = 言语残疾
scr-disability-physical = 肢体残疾
scr-disability-intellectual = 智力残疾
scr-disability-mental = 精神残疾
scr-disability-multiple = 多重残疾
scr-level-label = 残疾等级（有残疾人证时选择）
scr-level-n = { $n } 级
scr-choose = 请选择
scr-add-person = 添加一位家庭成员
scr-remove-person = 删除这位成员
scr-income-hint = 填写每个人最近的收入，没有的空着。种地、做生意按扣除成本后的净收入填写，可以按月或按年填。
scr-income-wage = 工资、打工收入
scr-income-business = 种地、养殖、做生意的净收入
scr-income-pension = 职工养老金、退休金
scr-income-basic_resident_pension = 城乡居民养老保险基础养老金
scr-income-other = 其他收入（房租、利息、赡养费等）
scr-period-label = 按月还是按年
scr-period-monthly = 每月
scr-period-yearly = 每年
scr-amount-unit = 元
scr-assets-hint = 填写全家人的财产，没有的空着或填 0。
scr-asset-deposits = 全家存款
scr-asset-securities = 股票、基金、理财产品、商业保险
scr-asset-residential_properties = 住房（套）
scr-asset-non_residential_properties = 商铺、厂房等非住宅房产（处）
scr-asset-motor_vehicles = 汽车等机动车（辆，不算残疾人代步车、摩托车、电动自行车）
scr-asset-business_registrations = 营业执照（个）
scr-care-hint = 下面的问题只问 60 周岁以上的老人和有残疾人证的家人。
scr-care-person = { $person }能不能自己做这些事
scr-adl-eating = 吃饭
scr-adl-dressing = 穿衣
scr-adl-getting_in_and_out_of_bed = 上下床
scr-adl-toileting = 上厕所
scr-adl-walking_indoors = 在室内走动
scr-adl-bathing = 洗澡
scr-adl-can = 能自己做
scr-adl-cannot = 需要别人帮
scr-situation-hint = 这些情况只有您清楚。拿不准就选“不确定”，结果里会说明还需要了解什么。
scr-emergency-label = 最近有没有因为火灾、交通事故、突发重病等，家里基本生活一下子有困难？
scr-spending-label = 有没有看病、上学等必需的开支，超出了家里能承受的范围？
scr-supporter-label = 有没有负有赡养、抚养或扶养义务，并且有能力供养您的人（例如有稳定收入的成年子女）？
scr-long-term-care-label = 家里的重度残疾人是否需要长期照护？
scr-parents-label = 家里未满 18 周岁孩子的父母是什么情况？
scr-parents-not_applicable = 父母在家抚养孩子
scr-parents-both_deceased_or_unknown = 父母都已去世，或者查找不到
scr-parents-one_deceased_other_unable = 一方去世或失踪，另一方重残、重病、服刑等无法抚养
scr-parents-both_unable = 父母双方都因重残、重病、服刑、失联等无法抚养
scr-parents-not_sure = 不确定
scr-yes = 是
scr-no = 否
scr-not-sure = 不确定
scr-results-basis = 按 { $region } { $date } 执行的政策初步测算
scr-results-disclaimer = 这是根据您的回答作出的初步判断，不是审批结果。能否享受、金额多少，以民政部门审核确认为准。
scr-results-checking = 正在和服务器核对结果…
scr-group-eligible = 可能符合
scr-group-needs-info = 还需要了解
scr-group-review = 需要工作人员核实
scr-group-ineligible = 暂不符合
scr-amount-monthly = 每月约 { $amount } 元
scr-amount-one-off = 一次性约 { $amount } 元
scr-amount-none = 不发现金，可以享受相关救助
scr-rule = 依据
scr-apply-now = 现在申请
scr-apply-hint = 您的回答会带到申请表里，提交前还可以修改。
scr-change = 修改回答
scr-live-title = 按目前的回答，可能符合
scr-live-none = 暂时没有可能符合的项目，请继续回答
scr-loading-rules = 正在读取当地政策…
elig-program-dibao = 最低生活保障（低保）
elig-program-dibao_edge = 低保边缘家庭
elig-program-tekun = 特困人员救助供养
elig-program-temporary = 临时救助
elig-program-disability_living = 困难残疾人生活补贴
elig-program-disability_care = 重度残疾人护理补贴
elig-program-elderly_allowance = 高龄津贴
elig-program-orphan = 孤儿基本生活费
elig-program-fact_orphan = 事实无人抚养儿童基本生活费
elig-program-home_adaptation = 特殊困难老年人家庭适老化改造
apply-carried = 已收到您在“查一查”中的回答：{ $people } 位家庭成员，{ $region }。在线申请开通后，申请表会从这些回答开始填写。

## Application for assistance: field errors
err-app-program-missing = 请至少选择一项要申请的救助
err-app-program-unknown = 没有这一项救助，请从列表中选择
err-app-apply-at-missing = 请选择在户籍地还是居住地申请
err-app-residence-permit = 请填写居住证号码（只含字母和数字）
err-app-region-missing = 请选择申请地的县（市、区）
err-app-area-missing = 请选择城市或农村
err-app-member-name-missing = 请填写这位家庭成员的姓名
err-app-member-id-missing = 请填写这位家庭成员的身份证号码
err-app-member-id-duplicate = 这个身份证号码已经填过了，请检查
err-app-hardship-missing = 请简要说明家庭遇到的困难
err-app-hardship-too-long = 请控制在 { $max } 个字以内
err-app-too-many-documents = 最多上传 { $max } 份材料
err-app-document-reference = 材料编号无效，请重新上传
err-app-document-unknown = 有材料没有找到或已用于其他申请，请重新上传
err-app-notice-not-read = 请阅读《社会救助申请告知书》后勾选确认
err-app-commitment-version = 承诺书内容已更新，请重新阅读并签名
err-app-signature-missing = 这位家庭成员还没有签名
err-app-signature-name-mismatch = 输入的姓名与签名人的姓名不一致
err-app-signature-not-drawn = 请在签名框内写下签名
err-app-signature-unreadable = 签名无法识别，请清除后重新签
err-app-signature-too-complex = 签名笔画太多，请清除后重新签
err-app-signer-invalid = 未满 18 周岁的家庭成员由监护人代签
err-app-guardian-invalid = 请选择一位本人已签名的成年家庭成员作为监护人
err-track-not-found = 申请编号或查询码不正确，请核对后重新输入
err-draft-not-found = 续填码或身份证号码不正确，请核对后重新输入

## Tracking (/track)
app-program-disability_allowances = 残疾人两项补贴
track-intro = 输入提交申请时得到的申请编号和查询码，查看申请办到了哪一步、什么时候办结。查询码只在提交时显示一次，请妥善保存。
track-number-label = 申请编号
track-number-hint = 例如 SQ20261123-7K3M9P，不区分大小写
track-code-label = 查询码
track-code-hint = 8 位字母和数字
track-submit = 查询
track-result-title = 申请 { $number } 的办理进度
track-programs = 申请事项
track-procedure = 办理方式
track-procedure-commitment = 诚信承诺简化办理（申报情况与核对结果基本一致的，不再入户调查和民主评议，一般约 15 个工作日）
track-procedure-standard = 一般程序
track-submitted-on = 提交日期
track-deadline = 法定办理时限：受理之日起 { $days } 个工作日内作出决定。按提交当日受理计算，最迟 { $date }（已按国务院公布的法定节假日和调休安排计算）。
track-deadline-provisional = 法定办理时限：受理之日起 { $days } 个工作日内作出决定。按提交当日受理计算，约为 { $date }；下一年度的节假日安排公布后，这个日期可能调整。
track-done = 已完成
track-current = 进行中
track-pending = 未开始
track-step-submitted = 提交申请
track-step-submitted-text = 您已在网上提交申请、承诺书和核对授权书。
track-step-accepted = 受理
track-step-accepted-text = 乡镇人民政府（街道办事处）审查材料：齐全的予以受理；不齐全的，一次性告知需要补充的全部材料。
track-step-econ_check = 家庭经济状况核对
track-step-econ_check-text = 通过居民家庭经济状况核对平台核对收入和财产。与您申报的情况基本一致的，不再入户调查和民主评议。
track-step-public_notice = 公示
track-step-public_notice-text = 初审意见在您所在的村（社区）公示 7 天，只公示必要信息。
track-step-decided = 审核确认
track-step-decided-text = 作出决定。批准的，从决定的次月起发放；不批准的，书面告知理由。
track-appeal-title = 对决定不服怎么办
track-appeal = 可以自知道该决定之日起 60 日内申请行政复议，或者自知道之日起 6 个月内向人民法院提起行政诉讼。

## The commitment documents (/apply/commitments)
apply-read-commitments = 先看看申请时需要签署的三份文书
commitments-title = 申请时需要签署的文书
commitments-intro = 申请社会救助时，需要阅读《社会救助申请告知书》，由每位成年家庭成员签署《承诺书》和《申请救助家庭经济状况核对授权书》（未成年人由监护人代签）。下面是全文，可以先读一读，也可以打印下来。
commitments-original-note = 以下文书为简体中文原文，签署以原文为准。
commitments-version = 文本版本
commitments-sha256 = 文本指纹（SHA-256）
commitments-hash-hint = 每一个签名都会连同文本版本和这个指纹一起保存，证明签署的正是这份文本。
commitments-back = 返回申请社会救助
