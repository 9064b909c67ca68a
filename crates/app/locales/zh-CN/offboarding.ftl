# 客户告别：告别信（offb-letter-*）、日期与金额、员工页面（offb-*）以及客户专属页面（offb-public-*）。

## 信件与客户页面中的日期和金额

offb-date = { $year }年{ $month }月{ $day }日
offb-month-1 = 1
offb-month-2 = 2
offb-month-3 = 3
offb-month-4 = 4
offb-month-5 = 5
offb-month-6 = 6
offb-month-7 = 7
offb-month-8 = 8
offb-month-9 = 9
offb-month-10 = 10
offb-month-11 = 11
offb-month-12 = 12
offb-decimal-mark = .
offb-money = { $amount } { $currency }

## 告别信

offb-letter-subject = 关于您在{ $company }的账户：我们的决定及后续安排
offb-letter-greeting = 尊敬的{ $name }：
offb-letter-thanks = 衷心感谢您选择{ $company }，也感谢您一直以来对我们的信任与支持。与您合作的这段时间，我们十分珍惜；在服务未尽如人意的时候，您也给予了我们耐心与理解。正如我们此前沟通时所说，现将我们的决定及后续安排以书面形式告知您。

offb-letter-situations = 我们所指的具体情况如下：
offb-letter-framing-trivial-complaints = 回顾最近几个月，我们多次未能达到您对我们的期望。
offb-letter-framing-trivial-complaints-after = 每一次我们都尽力弥补，但显然，我们无法为您提供您所期待的服务体验。
offb-letter-framing-staff-abuse = 最近，您与我们团队之间的几次沟通让双方都感到不太顺畅。
offb-letter-framing-staff-abuse-after = 我们认为自己难以为您提供您应得的合作关系，因此，结束合作对双方而言都更为公平。
offb-letter-framing-no-more-business = 随着时间推移，您的需求已经超出了我们服务所能覆盖的范围。
offb-letter-framing-no-more-business-after = 我们认为，对于您今后的发展方向，我们已不再是最合适的合作伙伴。
offb-letter-framing-no-referrals = 在认真回顾双方的合作之后，我们认为我们的服务已不再适合您当前的需求。
offb-letter-framing-no-referrals-after = 与其让服务质量逐渐下滑，我们更希望坦诚地告诉您这一点。
offb-letter-framing-unprofitable = 经过对现有服务的全面评估，我们已无法以对双方都合理的条件继续为您提供服务。
offb-letter-framing-unprofitable-after = 我们不希望降低您所获得的服务质量，因此决定有序地结束这项服务。
offb-letter-framing-unethical-requests = 您提出的部分要求超出了我们的政策和法律法规所允许的范围。
offb-letter-framing-unethical-requests-after = 我们理解这并不是您希望得到的答复，但这一点我们无法改变。
offb-letter-framing-mission-fit = 我们公司正在调整业务重心，您目前使用的服务已不再符合我们今后的发展方向。
offb-letter-framing-mission-fit-after = 这是基于我们自身方向的决定，与您个人无关。
offb-letter-framing-policy-change = 由于我们的政策发生变化，您的服务已无法以目前的形式继续提供。
offb-letter-framing-policy-change-after = 我们已制定了以下安排，尽可能让这一变化对您的影响降到最低。
offb-letter-framing-compliance = 根据我们必须遵守的法律和监管要求，我们需要结束与您的服务关系。
offb-letter-framing-compliance-after = 这是我们必须履行的义务，我们已审慎地安排了以下各项步骤。
offb-letter-framing-product-sunset = 您正在使用的产品即将停止运营，今后将不再提供。
offb-letter-framing-product-sunset-after = 我们已做好以下安排，确保您的数据和权益在此过程中不受损失。
offb-letter-framing-customer-request = 您已告知我们希望注销账户，我们尊重您的决定。
offb-letter-framing-customer-request-after = 这些情况我们都已认真记录，它们将帮助我们不断改进。
offb-letter-framing-other = 经过慎重考虑，我们决定结束对您的服务。
offb-letter-framing-other-after = 这一决定并非轻易做出。

offb-letter-goodwill-refund = 为表达我们的诚意，我们将全额退还您最近一期账单的费用，共计 { $amount }。一段未能让您满意的服务经历，不应由您来买单。退款将原路退回至您的付款账户，您无需进行任何操作。
offb-letter-goodwill-none = 服务结束时，如果您的账户仍有未结清的款项，我们将尽可能以对您有利的方式公平处理，并向您详细说明处理结果。

offb-letter-apology = 我们一直希望自己的服务能够适合每一位客户，但这一次我们没有做到，对此我们深表歉意。由此给您带来的不便，也敬请谅解。

offb-letter-alternatives-intro = 为了让您的业务不受影响，您可以考虑以下服务商，其中或许有适合您的选择：
offb-letter-alternatives-outro = 如有需要，我们很乐意配合您的新服务商，协助您顺利完成迁移。祝您一切顺利！
offb-letter-alternatives-none = 如果您需要其他服务商的推荐，请直接回复本信，我们很乐意协助您顺利完成迁移。祝您一切顺利！

offb-letter-next = 后续安排：
offb-letter-service-end = 您的服务将持续到{ $date }；
offb-letter-support-end = 在{ $date }之前，我们的客服团队将继续为您提供支持；
offb-letter-export = 在{ $date }之前，您可以随时下载您的全部数据副本；
offb-letter-deletion = 我们将于{ $date }删除您的个人数据，法律规定必须保留的记录除外。
offb-letter-page = 在您的专属页面上，您可以再次查阅本通知、下载您的数据，并告诉我们哪些方面本可以做得更好：{ $link }

offb-letter-closing = 此致
    敬礼
    { $sender }
    { $company }
